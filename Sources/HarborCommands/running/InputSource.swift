import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// Where a command reads from: all of stdin, or answers typed at a terminal (secrets without echo).
public struct InputSource: Sendable {
    /// Whether stdin is a terminal someone can type at.
    public var isInteractive: Bool
    public var readAll: @Sendable () -> Data
    public var readLine: @Sendable (_ prompt: String) -> String?
    public var readSecret: @Sendable (_ prompt: String) -> String?

    public init(isInteractive: Bool, readAll: @escaping @Sendable () -> Data, readLine: @escaping @Sendable (String) -> String?, readSecret: @escaping @Sendable (String) -> String?) {
        self.isInteractive = isInteractive
        self.readAll = readAll
        self.readLine = readLine
        self.readSecret = readSecret
    }

    /// The process's own stdin; prompts go to stderr so stdout stays clean for scripts.
    public static let standard = InputSource(
        isInteractive: isatty(STDIN_FILENO) == 1,
        readAll: { FileHandle.standardInput.readDataToEndOfFile() },
        readLine: { prompt in
            FileHandle.standardError.write(Data(prompt.utf8))
            return Swift.readLine(strippingNewline: true)
        },
        readSecret: { prompt in
            FileHandle.standardError.write(Data(prompt.utf8))
            var saved = termios()
            let canHide = tcgetattr(STDIN_FILENO, &saved) == 0
            if canHide {
                var quiet = saved
                quiet.c_lflag &= ~tcflag_t(ECHO)
                _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
            }
            let original = saved
            let token = ProcessInterruption.addCleanup {
                var restore = original
                if canHide { _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &restore) }
            }
            defer {
                if canHide { _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved) }
                ProcessInterruption.removeCleanup(token)
                FileHandle.standardError.write(Data("\n".utf8))
            }
            return Swift.readLine(strippingNewline: true)
        })

    /// Nothing to read, not a terminal: what a pipeline without input looks like.
    public static let none = InputSource(isInteractive: false, readAll: { Data() }, readLine: { _ in nil }, readSecret: { _ in nil })
}
