import HarborCore

extension HarborAPIError: UserFacingError {
    public var message: String { description }
    public var exitStatus: ExitStatus {
        switch self {
        case .unauthorized: .credentialsRejected
        case .forbidden, .notFound: .failure
        case .unexpectedStatus, .undecodable: .unexpectedAnswer
        }
    }
}
