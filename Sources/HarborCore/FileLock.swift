import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// An advisory lock (`flock`) on a side file `<path>.lock`, so that read-modify-write
/// cycles of two processes on the same file cannot lose each other's changes.
public final class FileLock {
    private let fd: Int32
    public let path: String

    /// Blocks until the lock on `<target>.lock` is held.
    public init(guarding target: String) throws(AtomicFile.WriteError) {
        let resolved = AtomicFile.resolvedTarget(of: target)
        path = resolved + ".lock"
        do {
            try AtomicFile.createDirectory((resolved as NSString).deletingLastPathComponent)
        } catch {
            throw AtomicFile.WriteError(path: target, reason: error.reason)
        }
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw AtomicFile.WriteError(path: path, reason: AtomicFile.lastError()) }
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            let reason = AtomicFile.lastError()
            close(fd)
            throw AtomicFile.WriteError(path: path, reason: "cannot lock: \(reason)")
        }
    }

    deinit {
        _ = flock(fd, LOCK_UN)
        close(fd)
    }

    /// Runs `body` while holding the lock for `target`.
    public static func withLock<T>(guarding target: String, _ body: () throws -> T) throws -> T {
        let lock = try FileLock(guarding: target)
        defer { withExtendedLifetime(lock) {} }
        return try body()
    }
}
