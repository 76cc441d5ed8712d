import HarborCore

extension HTTPStatusError: UserFacingError {
    public var message: String { description }
    public var exitStatus: ExitStatus {
        switch status {
        case 401: .credentialsRejected
        default: .unexpectedAnswer
        }
    }
}
