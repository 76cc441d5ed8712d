/// An error as the user reads it, whichever layer raised it: what went wrong (and where),
/// what to do about it, the exit status, and what `-D`/`--debug` adds. Every layer's errors
/// conform (most in a `Type+UserFacing.swift` beside the type); one renderer in HarborCommands
/// lays them out for docker and Helm. Nothing in it may carry a secret, token or
/// `Authorization` value.
public protocol UserFacingError: Error, Sendable {
    /// One line: the problem, naming the file, host or value it is about.
    var message: String { get }
    /// What to do, when there is something to say; may hold several lines.
    var hint: String? { get }
    var exitStatus: ExitStatus { get }
    /// Shown only with `-D` (docker) or `--debug`/`HELM_DEBUG` (Helm): the request, the
    /// underlying library's error.
    var debugDetail: String? { get }
}

extension UserFacingError {
    public var hint: String? { nil }
    public var debugDetail: String? { nil }
}
