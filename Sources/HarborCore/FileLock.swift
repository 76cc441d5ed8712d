import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// An advisory lock (`flock`) for read-modify-write cycles on one file, so that two processes
/// cannot lose each other's changes.
///
/// The lock is taken on the directory that holds the (symlink-resolved) file, not on a side
/// file: a `<file>.lock` would stay behind in directories we do not own (docker's, Helm's), and
/// the file itself is replaced by `AtomicFile`'s rename, so a lock on it would guard the old
/// copy. The directory is the one thing the rename does not replace. Two files in one directory
/// share the lock: hold only one `FileLock` at a time.
public final class FileLock {
    private let fd: Int32
    /// The directory the lock is held on.
    public let path: String

    /// Blocks until the lock for `target` is held.
    public init(guarding target: String) throws(AtomicFile.WriteError) {
        let resolved = AtomicFile.resolvedTarget(of: target)
        path = (resolved as NSString).deletingLastPathComponent
        do {
            try AtomicFile.createDirectory(path)
        } catch {
            throw AtomicFile.WriteError(path: target, reason: error.reason)
        }
        fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw AtomicFile.WriteError(path: path, reason: "cannot open the directory to lock it: \(AtomicFile.lastError())") }
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
