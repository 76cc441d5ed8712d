import HarborCore

/// An error a command reports to the user: what went wrong, what to do, and the exit status.
public struct CommandFailure: UserFacingError, CustomStringConvertible {
    public var message: String
    public var hint: String?
    public var exitStatus: ExitStatus
    public var debugDetail: String?

    public init(_ message: String, hint: String? = nil, exitCode status: ExitStatus = .failure, debugDetail: String? = nil) {
        self.message = message
        self.hint = hint
        self.exitStatus = status
        self.debugDetail = debugDetail
    }

    /// For code written before `ExitStatus` held every status: 125 is the usage status, any
    /// other number the status with that code (else `.failure`).
    @available(*, deprecated, message: "pass an ExitStatus (.usage for usage mistakes)")
    public init(_ message: String, hint: String? = nil, exitCode code: Int32) {
        self.init(message, hint: hint, exitCode: code == 125 ? .usage : ExitStatus(code: code) ?? .failure)
    }

    /// `error` with `what` (e.g. "cannot reach HOST") in front of its message.
    public init(_ what: String, _ error: any UserFacingError) {
        self.init("\(what): \(error.message)", hint: error.hint, exitCode: error.exitStatus, debugDetail: error.debugDetail)
    }

    public var description: String { message }
}
