import HarborCore

/// What a refused login adds when the username itself looks like the mistake. Decided only
/// after Harbor refused it (never before sending: the name may well be right), and only for
/// personal accounts (robot names have their own rules).
///
/// - An e-mail address: Harbor's username is not the IdP's e-mail or login name (goharbor/harbor
///   #18772, #18958: people log in with what they type at the OIDC provider).
/// - A `-` in the name: Harbor's OIDC onboarding may have written it with `_` instead
///   (goharbor/harbor#10256: `cloud-operator` became `cloud_operator`), so the `_` spelling is
///   named for the next try.
enum LoginHint {
    static func hints(for username: String, account: AccountKind) -> [String] {
        guard !account.isRobot else { return [] }
        var hints: [String] = []
        if looksLikeEmailAddress(username) {
            hints.append("\(username) is an e-mail address: Harbor usernames are not e-mail addresses; the User Profile in the Harbor UI shows yours.")
        }
        if username.contains("-") {
            let underscored = username.replacingOccurrences(of: "-", with: "_")
            hints.append("Harbor may have turned '-' into '_' when it created your account: try -u \(underscored) (the User Profile in the Harbor UI shows your username).")
        }
        return hints
    }

    /// `LOCAL@DOMAIN.TLD`: one `@` with text before it and a dotted domain after it.
    static func looksLikeEmailAddress(_ name: String) -> Bool {
        let parts = name.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { return false }
        let domain = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return domain.count >= 2 && domain.allSatisfy { !$0.isEmpty }
    }
}
