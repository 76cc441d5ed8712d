/// A credential helper that could not do what was asked. Carries the helper, the action and
/// the helper's own message, never the secret (a helper that echoes it gets it replaced by `<redacted>`).
public struct CredentialHelperError: Error, Sendable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// `docker-credential-<name>` is not an executable file in any PATH directory.
        case notFoundOnPath
        /// The helper name cannot name an executable (empty, or contains `/`).
        case invalidName
        case launchFailed(String)
        /// The helper exited non-zero; `message` is its output (stdout, else stderr), trimmed.
        case failed(exitStatus: Int32, message: String)
        case killedBySignal(Int32)
        case timedOut(seconds: Double)
        /// Exit 0 but the output is not what the protocol says.
        case invalidOutput(String)
    }

    /// The suffix, e.g. `pass` for `docker-credential-pass`.
    public let helper: String
    /// `store`, `get`, `erase` or `list`.
    public let action: String
    public let reason: Reason
    /// Where the helper was configured, for the hint: e.g. key `"credsStore"` in `/home/u/.docker/config.json`.
    public let configuredBy: CredentialHelperClient.Origin?

    public var executable: String { "docker-credential-\(helper)" }

    public var description: String {
        switch reason {
        case .notFoundOnPath:
            let install = ["pass", "secretservice"].contains(helper) ? "install golang-docker-credential-helpers" : "install \(executable)"
            if let origin = configuredBy {
                return "\(executable) not found on PATH; \(install) or remove \(origin.key) from \(origin.path)"
            }
            return "\(executable) not found on PATH; \(install)"
        case .invalidName:
            let origin = configuredBy.map { " (from \($0.key) in \($0.path))" } ?? ""
            return "\"\(helper)\" is not a valid credential helper name\(origin); it must be the part after docker-credential-"
        case .launchFailed(let reason):
            return "cannot run \(executable) \(action): \(reason)"
        case .failed(let status, let message):
            let text = message.isEmpty ? "no message" : message
            return "\(executable) \(action) failed (exit status \(status)): \(text)"
        case .killedBySignal(let signal):
            return "\(executable) \(action) was killed by signal \(signal)"
        case .timedOut(let seconds):
            return "\(executable) \(action) did not finish within \(Int(seconds)) seconds and was stopped\n"
                + "  the helper may be waiting for a passphrase or an unlocked keyring (e.g. gpg-agent for pass)"
        case .invalidOutput(let detail):
            return "\(executable) \(action) gave output that is not the credential-helper protocol: \(detail)"
        }
    }
}
