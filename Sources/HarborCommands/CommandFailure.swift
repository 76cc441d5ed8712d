/// An error a command reports to the user: what went wrong, what to do, and the exit status.
public struct CommandFailure: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var hint: String?
    public var exitCode: Int32

    public init(_ message: String, hint: String? = nil, exitCode: Int32 = 1) {
        self.message = message
        self.hint = hint
        self.exitCode = exitCode
    }

    public var description: String { message }
}
