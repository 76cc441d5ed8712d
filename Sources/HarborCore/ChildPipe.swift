import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

#if canImport(Glibc) || canImport(Musl)
/// pipe2(2): glibc declares it only under _GNU_SOURCE, which the Glibc module does not set.
@_silgen_name("pipe2")
private func systemPipe2(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32
#endif

/// A pipe to a child process whose ends are close-on-exec from the moment they exist.
///
/// Foundation's `Pipe` on Linux leaves both ends inheritable, so every process started while
/// one is open (a credential helper's gpg-agent, a daemon, a concurrently started program)
/// inherits a copy of the write end, and the reader never sees end-of-file until that process
/// exits. Pass `writing` (or `reading`) to `Process`, call `parentStarted(...)` after `run()`.
public final class ChildPipe: @unchecked Sendable {
    public let reading: FileHandle
    public let writing: FileHandle

    public struct CreationError: Error, CustomStringConvertible {
        public let description: String
    }

    public init() throws(CreationError) {
        var fds: [Int32] = [-1, -1]
        #if canImport(Glibc) || canImport(Musl)
        let created = systemPipe2(&fds, Int32(O_CLOEXEC))
        #else
        var created = pipe(&fds)
        if created == 0 {
            created = fcntl(fds[0], F_SETFD, FD_CLOEXEC) | fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        }
        #endif
        guard created == 0 else { throw CreationError(description: "cannot create a pipe: \(String(cString: strerror(errno)))") }
        reading = FileHandle(fileDescriptor: fds[0], closeOnDealloc: true)
        writing = FileHandle(fileDescriptor: fds[1], closeOnDealloc: true)
    }

    /// After `Process.run()`: closes the end the child now owns, so end-of-file can arrive.
    public enum ChildEnd { case reading, writing }

    public func parentStarted(childUses end: ChildEnd) {
        switch end {
        case .reading: try? reading.close()
        case .writing: try? writing.close()
        }
    }
}
