import HarborCore

extension AuthenticationError: UserFacingError {
    public var message: String { description }
    public var hint: String? { "Harbor's token service is in trouble or not where the registry says; try again later" }
    public var exitStatus: ExitStatus { .unexpectedAnswer }
}
