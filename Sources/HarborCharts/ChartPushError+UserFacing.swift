import HarborAPI
import HarborCore

extension ChartPushError: UserFacingError {
    public var message: String { description }
    public var exitStatus: ExitStatus {
        switch self {
        case .registry(_, let status, _) where status == 401: .credentialsRejected
        case .registry(_, let status, _) where status == 403: .pushDenied
        case .registry, .digestMismatch: .unexpectedAnswer
        case .transport(_, let error, _): error.exitStatus
        case .deadline: .timeout
        case .refused(_, _, let refusal): HarborRefusalExplanation(refusal: refusal, subject: "", project: nil).exitStatus
        }
    }
}
