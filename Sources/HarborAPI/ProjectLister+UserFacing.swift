import HarborCore

extension ProjectLister.CredentialsRejected: UserFacingError {
    public var message: String { description }
    public var exitStatus: ExitStatus { .credentialsRejected }
}
