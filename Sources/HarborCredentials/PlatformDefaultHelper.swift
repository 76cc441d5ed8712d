import HarborCore

/// Docker's platform default credential helper (docker-plugins.md §6.3; Helm does the same,
/// helm-plugins.md §6.3): when a file configures no credentials at all (no `credsStore`, no
/// `credHelpers`, no `auths`), docker uses `osxkeychain` on macOS, `wincred` on Windows, and on
/// Linux `pass` if `pass` is on PATH, else `secretservice`, but only if `docker-credential-<x>`
/// is on PATH. On its next save docker writes that choice into the file as `"credsStore"`.
///
/// This is a decision with a reason, not an action: reads follow it (as docker does), and a
/// login decides with `CredentialStore.PlatformDefaultPolicy` whether to adopt it.
public struct PlatformDefaultHelper: Sendable, Equatable, CustomStringConvertible {
    /// The helper to use, or nil when the platform default does not apply.
    public let helper: String?
    /// Why, in words a user can act on.
    public let reason: String

    public var description: String { reason }

    public static func decide(for contents: DockerConfigContents, environment: ProcessEnvironment) -> PlatformDefaultHelper {
        if contents.containsAuth {
            return PlatformDefaultHelper(
                helper: nil, reason: "\(contents.path) already configures credentials (credsStore, credHelpers or auths)")
        }
        let candidate: String
        let why: String
        #if os(macOS)
        candidate = "osxkeychain"
        why = "the macOS default"
        #elseif os(Windows)
        candidate = "wincred"
        why = "the Windows default"
        #else
        if ExecutableSearch.find("pass", in: environment) != nil {
            candidate = "pass"
            why = "pass is on PATH"
        } else {
            candidate = "secretservice"
            why = "pass is not on PATH"
        }
        #endif
        guard ExecutableSearch.find("docker-credential-\(candidate)", in: environment) != nil else {
            return PlatformDefaultHelper(
                helper: nil,
                reason: "no credentials configured in \(contents.path) and docker-credential-\(candidate) (\(why)) is not on PATH, so credentials go to the file")
        }
        return PlatformDefaultHelper(
            helper: candidate,
            reason: "no credentials configured in \(contents.path); docker would use docker-credential-\(candidate) (\(why))")
    }
}
