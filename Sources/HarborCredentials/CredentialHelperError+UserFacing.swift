import HarborCore

extension CredentialHelperError: UserFacingError {
    public var message: String { DescribedError(description).message }
    public var hint: String? { DescribedError(description).hint }
    public var exitStatus: ExitStatus { .failure }
}
