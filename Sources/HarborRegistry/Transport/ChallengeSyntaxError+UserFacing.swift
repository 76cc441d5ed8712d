import HarborCore

/// A registry whose challenge does not parse is not answering as a registry does.
extension ChallengeSyntaxError: UserFacingError {
    public var message: String { "the server's \(description)" }
    public var exitStatus: ExitStatus { .unexpectedAnswer }
}
