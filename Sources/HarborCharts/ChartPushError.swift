import HarborAPI
import HarborRegistry

/// Why an upload to the registry failed, with what to do. Never carries a secret.
public enum ChartPushError: Error, Sendable, CustomStringConvertible {
    /// The registry answered with an unexpected status (after retries, when retrying made sense).
    case registry(step: String, status: Int, message: String)
    /// No answer, or a broken one, after the retries.
    case transport(step: String, TransportError, attempts: Int)
    /// The operation's deadline passed.
    case deadline(step: String, seconds: Int)
    /// The registry stored the manifest under a different digest than the one computed.
    case digestMismatch(expected: String, got: String)
    /// Harbor refused for a reason it named (a project policy, the quota, read-only mode): not
    /// a credentials or role problem (`HarborRefusal`).
    case refused(step: String, status: Int, HarborRefusal)

    public var description: String {
        switch self {
        case .registry(let step, let status, let message):
            // Status 0: no status to show (a failure before or beside the registry's answer).
            status == 0 ? "\(step): \(message)" : "\(step): the registry answered \(status)" + (message.isEmpty ? "" : ": \(message)")
        case .transport(let step, let error, let attempts):
            "\(step): \(error)" + (attempts > 1 ? " (tried \(attempts) times)" : "")
        case .deadline(let step, let seconds):
            "\(step): not done within \(seconds) s"
        case .digestMismatch(let expected, let got):
            "the registry stored the manifest as \(got), not \(expected)"
        case .refused(let step, let status, let refusal):
            "\(step): Harbor refused it (\(status)): " + HarborRefusalExplanation(refusal: refusal, subject: "the chart", project: nil).message
        }
    }

    public var hint: String? {
        switch self {
        case .registry(_, let status, _) where status == 401 || status == 403:
            "check your role in the project (pushing needs DEVELOPER or higher) and that your CLI secret has not expired"
        case .registry(_, let status, _) where status >= 500:
            "Harbor had a problem storing the chart; try again later, and tell the registry's operators if it persists"
        case .registry:
            "run again with --debug for details"
        case .transport(_, let error, _):
            error.hint
        case .deadline:
            "raise --timeout, or try again when the connection is better"
        case .digestMismatch:
            "a proxy may rewrite manifests; push again, and report it if it persists"
        case .refused:
            nil
        }
    }
}
