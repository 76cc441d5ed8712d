import HarborCore

extension ProxyConfigurationError: UserFacingError {
    public var message: String { description }
    public var hint: String? { "fix or unset \(variable); it takes http://[USER:PASSWORD@]HOST:PORT" }
    public var exitStatus: ExitStatus { .connectionRefused }
}
