import HarborCore

extension CredentialPlacementError: UserFacingError {
    public var message: String { description }
    public var exitStatus: ExitStatus { .failure }
}
