import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// Replaces files so that a reader sees either the old or the new content, never half of it.
///
/// The new content goes to a temporary file in the same directory, is flushed to disk and
/// renamed over the target. A symlinked target stays a symlink: the file it points to is
/// replaced. An existing file keeps its mode; a new one gets `newFileMode` (0600 by default),
/// and missing directories are created 0700.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible, Sendable {
        public let path: String
        public let reason: String
        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
        public var description: String { "cannot write \(path): \(reason)" }
    }

    /// The path a write to `path` really changes (symlinks followed, even dangling ones).
    public static func resolvedTarget(of path: String) -> String {
        var current = path
        for _ in 0..<32 {
            guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else { return current }
            current = destination.hasPrefix("/") ? destination : (current as NSString).deletingLastPathComponent + "/" + destination
        }
        return current
    }

    public static func write(_ data: Data, to path: String, newFileMode: mode_t = 0o600) throws(WriteError) {
        let target = resolvedTarget(of: path)
        let directory = (target as NSString).deletingLastPathComponent
        do {
            try createDirectory(directory)
        } catch {
            throw WriteError(path: path, reason: "cannot create directory \(directory): \(error.reason)")
        }

        var existing = stat()
        let exists = stat(target, &existing) == 0
        let mode = exists ? existing.st_mode & 0o7777 : newFileMode

        let name = (target as NSString).lastPathComponent
        // The writer's pid in the name: a write killed before its rename (kill -9) leaves the
        // file behind, and the next write to `path` knows it is abandoned and removes it.
        var template = Array((directory + "/" + temporaryPrefix(of: name) + "\(getpid())-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw WriteError(path: path, reason: lastError()) }
        let temporary = String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var succeeded = false
        defer {
            if !succeeded { unlink(temporary) }
        }

        var written = 0
        let failure: String? = data.withUnsafeBytes { buffer -> String? in
            while written < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return lastError()
                }
                written += n
            }
            return nil
        }
        if let failure {
            close(fd)
            throw WriteError(path: path, reason: failure)
        }
        if exists, getuid() == 0, existing.st_uid > 0, existing.st_gid > 0 {
            _ = fchown(fd, existing.st_uid, existing.st_gid)
        }
        guard fchmod(fd, mode) == 0, fsync(fd) == 0 else {
            let reason = lastError()
            close(fd)
            throw WriteError(path: path, reason: reason)
        }
        close(fd)
        guard rename(temporary, target) == 0 else { throw WriteError(path: path, reason: lastError()) }
        succeeded = true
        removeAbandonedTemporaries(of: name, in: directory)
        // Make the rename itself durable.
        let directoryFD = open(directory, O_RDONLY)
        if directoryFD >= 0 {
            _ = fsync(directoryFD)
            close(directoryFD)
        }
    }

    /// `.NAME.tmp-`: what every temporary file of a write to NAME starts with.
    static func temporaryPrefix(of name: String) -> String { "." + name + ".tmp-" }

    /// Removes the temporary files of writes to `name` whose writer is gone (`.NAME.tmp-PID-…`
    /// where no process PID exists): a write killed between creating its temporary file and the
    /// rename. A running writer's file, and names of any other form, are left alone.
    static func removeAbandonedTemporaries(of name: String, in directory: String) {
        let prefix = temporaryPrefix(of: name)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for entry in entries where entry.hasPrefix(prefix) {
            let rest = entry.dropFirst(prefix.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = pid_t(rest[..<dash]), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(directory + "/" + entry) }
        }
    }

    struct DirectoryError: Error { let reason: String }

    /// Creates missing directories with mode 0700 (existing ones are left as they are).
    static func createDirectory(_ directory: String) throws(DirectoryError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return }
            throw DirectoryError(reason: "it exists and is not a directory")
        }
        let parent = (directory as NSString).deletingLastPathComponent
        if parent != directory, !parent.isEmpty { try createDirectory(parent) }
        if mkdir(directory, 0o700) != 0, errno != EEXIST { throw DirectoryError(reason: lastError()) }
    }

    static func lastError() -> String { String(cString: strerror(errno)) }
}
