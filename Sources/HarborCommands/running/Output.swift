import Foundation

/// Where a command writes. The real one writes to the process's stdout and stderr; tests capture.
public final class Output: @unchecked Sendable {
    private let lock = NSLock()
    private let writeOut: @Sendable (String) -> Void
    private let writeErr: @Sendable (String) -> Void

    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void) {
        writeOut = out
        writeErr = err
    }

    public static let standard = Output(
        out: { text in FileHandle.standardOutput.write(Data(text.utf8)) },
        err: { text in FileHandle.standardError.write(Data(text.utf8)) }
    )

    /// Writes a line (a newline is added) to standard output.
    public func print(_ text: String = "") {
        lock.withLock { writeOut(text + "\n") }
    }

    /// Writes text as it is to standard output.
    public func write(_ text: String) {
        lock.withLock { writeOut(text) }
    }

    /// Writes a line to standard error.
    public func printError(_ text: String) {
        lock.withLock { writeErr(text + "\n") }
    }
}
