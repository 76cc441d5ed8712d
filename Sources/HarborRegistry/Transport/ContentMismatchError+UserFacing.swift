import HarborCore

extension ContentMismatchError: UserFacingError {
    public var message: String { description }
    public var hint: String? { "a proxy may rewrite what it passes on; try again, and report it if it persists" }
    public var exitStatus: ExitStatus { .unexpectedAnswer }
}
