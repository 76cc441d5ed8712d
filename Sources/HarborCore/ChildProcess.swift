import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

#if canImport(Glibc)
/// glibc (2.29+ / 2.34+) declares these only under _GNU_SOURCE, which the Glibc module does not set.
@_silgen_name("posix_spawn_file_actions_addclosefrom_np")
private func spawnAddCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ from: Int32) -> Int32
@_silgen_name("posix_spawn_file_actions_addchdir_np")
private func spawnAddChdir(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: UnsafePointer<CChar>) -> Int32
#endif

/// A program started with `posix_spawn(3)`: how this package starts the programs it works with
/// (credential helpers, the browser opener, docker for its help text, the tests' runners). The one
/// exception is the docker that `docker harbor pull|push|tag|run` hands over to, which keeps the
/// signal dispositions we were started with (DockerPassthrough).
///
/// Unlike Foundation's `Process`, the child starts clean whatever state the calling thread is in:
/// - every signal disposition is reset to the default (`POSIX_SPAWN_SETSIGDEF`) and the signal
///   mask is empty (`POSIX_SPAWN_SETSIGMASK`), so a helper started from a thread that ignores or
///   blocks SIGTERM/SIGINT can still be stopped;
/// - it inherits no descriptor but its stdin, stdout and stderr (`addclosefrom_np` on glibc,
///   `POSIX_SPAWN_CLOEXEC_DEFAULT` on Darwin; elsewhere our pipes are close-on-exec anyway).
///
/// Waiting is by `waitpid` on this child only, so it never reaps anybody else's children.
public final class ChildProcess: @unchecked Sendable {
    /// What the child gets as stdin, stdout or stderr.
    public enum Stream: Sendable {
        /// `/dev/null`.
        case null
        /// A close-on-exec pipe; the parent's end is `stdinWriter`, `stdoutReader` or `stderrReader`.
        case pipe
        /// This descriptor of ours (a file, a terminal); it stays open in the parent.
        case descriptor(Int32)
    }

    public enum Termination: Sendable, Equatable {
        case exited(Int32)
        case signalled(Int32)

        /// The shell's convention: the exit status, or 128 + the signal.
        public var shellStatus: Int32 {
            switch self {
            case .exited(let status): status
            case .signalled(let signal): 128 + signal
            }
        }
    }

    public struct SpawnError: Error, CustomStringConvertible, Sendable {
        public let executable: String
        public let reason: String
        public var description: String { "cannot start \(executable): \(reason)" }
    }

    public let pid: pid_t
    public let executable: String
    /// Our end of the child's stdin with `.pipe`; closing it gives the child end-of-file.
    public let stdinWriter: FileHandle?
    public let stdoutReader: FileHandle?
    public let stderrReader: FileHandle?

    private let lock = NSLock()
    private var finished: Termination?

    /// Starts `executable` (a path, not searched on PATH) with `arguments` and exactly `environment`.
    public init(
        executable: String, arguments: [String], environment: [String: String], directory: String? = nil,
        stdin: Stream = .null, stdout: Stream = .null, stderr: Stream = .null
    ) throws(SpawnError) {
        self.executable = executable
        func fail(_ reason: String) -> SpawnError { SpawnError(executable: executable, reason: reason) }

        var pipes: [ChildPipe?] = [nil, nil, nil]
        var childDescriptors: [Int32] = []
        var nullDevice: Int32 = -1
        defer { if nullDevice >= 0 { close(nullDevice) } }
        for (index, stream) in [stdin, stdout, stderr].enumerated() {
            switch stream {
            case .null:
                if nullDevice < 0 { nullDevice = open("/dev/null", O_RDWR | O_CLOEXEC) }
                guard nullDevice >= 0 else { throw fail("cannot open /dev/null: \(String(cString: strerror(errno)))") }
                childDescriptors.append(nullDevice)
            case .pipe:
                let pipe: ChildPipe
                do { pipe = try ChildPipe() } catch { throw fail(error.description) }
                pipes[index] = pipe
                childDescriptors.append(index == 0 ? pipe.reading.fileDescriptor : pipe.writing.fileDescriptor)
            case .descriptor(let fd):
                childDescriptors.append(fd)
            }
        }

        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t?
        var attributes: posix_spawnattr_t?
        #else
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        for (target, fd) in childDescriptors.enumerated() {
            // dup2 onto itself would keep close-on-exec set; dup2 elsewhere clears it.
            posix_spawn_file_actions_adddup2(&actions, fd, Int32(target))
        }
        var flags = Int32(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)
        #if canImport(Glibc)
        _ = spawnAddCloseFrom(&actions, 3)
        if let directory { _ = directory.withCString { spawnAddChdir(&actions, $0) } }
        #elseif canImport(Darwin)
        flags |= Int32(POSIX_SPAWN_CLOEXEC_DEFAULT)
        for target in 0..<3 { posix_spawn_file_actions_addinherit_np(&actions, Int32(target)) }
        if let directory { _ = posix_spawn_file_actions_addchdir_np(&actions, directory) }
        #endif
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let argv = [executable] + arguments
        let envp = environment.map { "\($0.key)=\($0.value)" }
        var child: pid_t = 0
        // ETXTBSY: the file is still open for writing somewhere (being installed, or inherited by
        // a process forked meanwhile); it clears within moments.
        var result: Int32 = 0
        for attempt in 0..<3 {
            result = withCStringArray(argv) { argvPointer in
                withCStringArray(envp) { envpPointer in
                    posix_spawn(&child, executable, &actions, &attributes, argvPointer, envpPointer)
                }
            }
            if result != ETXTBSY { break }
            usleep(UInt32(100_000 * (attempt + 1)))
        }
        guard result == 0 else { throw fail(String(cString: strerror(result))) }
        pid = child
        // The child has its copies; close ours so end-of-file can arrive.
        pipes[0]?.parentStarted(childUses: .reading)
        pipes[1]?.parentStarted(childUses: .writing)
        pipes[2]?.parentStarted(childUses: .writing)
        stdinWriter = pipes[0]?.writing
        stdoutReader = pipes[1]?.reading
        stderrReader = pipes[2]?.reading
    }

    /// The termination, if the child has ended (reaps it).
    public func poll() -> Termination? {
        lock.lock()
        defer { lock.unlock() }
        if let finished { return finished }
        var status: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(pid, &status, WNOHANG) } while result < 0 && errno == EINTR
        guard result == pid else { return nil }
        finished = Self.termination(status)
        return finished
    }

    public var isRunning: Bool { poll() == nil }

    /// Blocks until the child ends.
    @discardableResult
    public func waitUntilExit() -> Termination {
        lock.lock()
        if let finished {
            lock.unlock()
            return finished
        }
        lock.unlock()
        var status: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(pid, &status, 0) } while result < 0 && errno == EINTR
        lock.lock()
        defer { lock.unlock() }
        if result == pid { finished = Self.termination(status) }
        // Reaped meanwhile by `poll` on another thread.
        return finished ?? .exited(-1)
    }

    /// Blocks until the child ends or `timeout` passes; nil on timeout.
    public func waitUntilExit(timeout: Duration) -> Termination? {
        let deadline = ContinuousClock.now + timeout
        var pause: UInt32 = 1_000
        while true {
            if let done = poll() { return done }
            if ContinuousClock.now >= deadline { return nil }
            usleep(pause)
            pause = min(pause * 2, 50_000)
        }
    }

    /// Waits without blocking a thread until the child ends or `timeout` passes; nil on timeout.
    public func waitForExit(within timeout: Duration) async -> Termination? {
        let deadline = ContinuousClock.now + timeout
        var pause = Duration.milliseconds(1)
        while true {
            if let done = poll() { return done }
            if ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(50))
        }
    }

    /// Waits without blocking a thread until the child ends.
    public func waitForExit() async -> Termination {
        var pause = Duration.milliseconds(1)
        while true {
            if let done = poll() { return done }
            try? await Task.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(50))
        }
    }

    public func signal(_ signal: Int32) {
        if poll() == nil { kill(pid, signal) }
    }

    /// SIGTERM, then SIGKILL if the child is still there after `grace`.
    @discardableResult
    public func stop(grace: Duration = .seconds(2)) -> Termination {
        signal(SIGTERM)
        if let done = waitUntilExit(timeout: grace) { return done }
        signal(SIGKILL)
        return waitUntilExit()
    }

    /// `stop(grace:)` without blocking a thread.
    @discardableResult
    public func terminate(grace: Duration = .seconds(2)) async -> Termination {
        signal(SIGTERM)
        if let done = await waitForExit(within: grace) { return done }
        signal(SIGKILL)
        return await waitForExit()
    }

    private static func termination(_ status: Int32) -> Termination {
        // WIFEXITED / WEXITSTATUS / WTERMSIG are macros Swift does not import.
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }
}

/// Calls `body` with a NULL-terminated C array of the strings.
private func withCStringArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
    let pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
    defer { for pointer in pointers { free(pointer) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
