/// A program a test ran to its end (`ProcessRunner`), with what it printed.
public struct CompletedProcess: CustomStringConvertible, Sendable {
    /// The exit status, or 128 + the signal that ended it (the shell's convention).
    public let status: Int32
    public let stdout: String
    public let stderr: String

    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }

    /// Both streams, stdout first: for checks that do not care where a program printed a message.
    public var output: String { stdout + stderr }

    public var description: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
}
