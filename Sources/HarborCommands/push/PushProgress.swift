import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress bar on stderr for large uploads, redrawn at most ten times a second. Only
/// on a terminal: piped or redirected stderr gets nothing extra.
final class PushProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let label: String
    private let total: Int64
    private var sent: Int64 = 0
    private var lastDraw = Date.distantPast
    private var drawn = false

    /// Charts smaller than this finish before a bar would help.
    static let threshold: Int64 = 8 * 1_048_576

    init(label: String, total: Int64) {
        self.label = label
        self.total = max(total, 1)
    }

    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    func add(_ bytes: Int64) {
        lock.lock()
        defer { lock.unlock() }
        sent = min(sent + bytes, total)
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1 || sent == total else { return }
        lastDraw = now
        drawn = true
        let fraction = Double(sent) / Double(total)
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        let line = String(format: "\r%@ [%@] %3d%% %.1f/%.1f MiB", label, bar, Int(fraction * 100), Double(sent) / 1_048_576, Double(total) / 1_048_576)
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Clears the line so the result prints cleanly.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
