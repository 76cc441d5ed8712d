/// Why `CredentialChain` has no credentials to give. Never carries a secret.
public enum CredentialChainError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing usable for `host`; `notes` say what was passed over and why (an ignored
    /// `DOCKER_AUTH_CONFIG`, pipeline variables that belong to another host, an identity token).
    case notLoggedIn(host: String, notes: [String])
    /// `HARBOR_USERNAME` is set for this host, but neither secret variable is.
    case pipelineSecretMissing(host: String, username: String)
    /// A store that should hold the credentials cannot be read (a malformed file, a failing
    /// helper); `fix` is the store's own advice, when it has some.
    case unreadable(host: String, store: String, reason: String, fix: String?)

    public var host: String {
        switch self {
        case .notLoggedIn(let host, _), .pipelineSecretMissing(let host, _), .unreadable(let host, _, _, _): host
        }
    }

    public var description: String {
        switch self {
        case .notLoggedIn(let host, _): "not logged in to \(host)"
        case .pipelineSecretMissing(_, let username): "HARBOR_USERNAME is set (\(username)) but neither HARBOR_CLI_SECRET nor HARBOR_PASSWORD is"
        case .unreadable(let host, let store, let reason, _): "cannot read the credentials for \(host) from \(store): \(reason)"
        }
    }

    /// What to do, given the command that logs in (`docker harbor`, `helm harbor`).
    public func hint(loginCommand: String, instanceWord: String? = nil) -> String {
        switch self {
        case .notLoggedIn(let host, let notes):
            let login = "log in with: \(loginCommand) login \(instanceWord ?? host) -u USERNAME; in pipelines set HARBOR_USERNAME and HARBOR_CLI_SECRET (with HARBOR_INSTANCE=\(host))"
            return ([login] + notes).joined(separator: "\n  ")
        case .pipelineSecretMissing(_, let username):
            return "set HARBOR_CLI_SECRET to the secret of \(username), or unset HARBOR_USERNAME to use a stored login"
        case .unreadable(_, _, _, let fix):
            return fix ?? "fix the store named above, or log in again to replace the entry"
        }
    }
}
