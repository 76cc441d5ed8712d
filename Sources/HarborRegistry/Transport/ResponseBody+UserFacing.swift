import HarborCore

/// Megabytes of answer where a small document belongs.
extension ResponseBody.BodyTooLarge: UserFacingError {
    public var message: String { description }
    public var hint: String? { "the host may not be a Harbor registry, or a proxy answers in its place; run again with -D (docker) or --debug (helm) to see the requests" }
    public var exitStatus: ExitStatus { .unexpectedAnswer }
}
