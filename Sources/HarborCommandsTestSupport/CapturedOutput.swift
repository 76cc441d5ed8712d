import Foundation
import HarborCommands

/// Captures what a command writes, for tests: `output` is the `Output` to hand to the command,
/// `stdout` and `stderr` what it wrote there so far.
public final class CapturedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var outText = ""
    private var errText = ""

    public init() {}

    public var stdout: String { lock.withLock { outText } }
    public var stderr: String { lock.withLock { errText } }

    public var output: Output {
        Output(
            out: { [self] text in lock.withLock { outText += text } },
            err: { [self] text in lock.withLock { errText += text } }
        )
    }
}
