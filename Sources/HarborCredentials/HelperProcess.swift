import Foundation
import HarborCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// Runs one program with a payload on stdin and collects stdout and stderr, with a deadline.
///
/// stdin is written on its own thread (with SIGPIPE blocked there, so a helper that exits early
/// gives EPIPE instead of killing us) and closed; stdout and stderr are drained concurrently so
/// a chatty helper cannot deadlock on a full pipe. The payload never goes on argv. The helper is
/// a `ChildProcess`: default signal dispositions and no inherited descriptors, so a helper started
/// by a program that ignores SIGTERM can still be stopped at the deadline (SIGTERM, then SIGKILL).
struct HelperProcess {
    struct Outcome {
        var stdout: Data
        var stderr: Data
        var termination: Termination
    }

    enum Termination {
        case exited(Int32)
        case signalled(Int32)
        case timedOut
    }

    enum LaunchError: Error { case failed(String) }

    static func run(executable: String, arguments: [String], environment: [String: String], input: Data, timeout: Duration) throws(LaunchError) -> Outcome {
        // ChildProcess: close-on-exec pipes (a daemon the helper starts, gpg-agent, must not
        // inherit them), default signal dispositions and an empty mask in the child.
        let child: ChildProcess
        do {
            child = try ChildProcess(
                executable: executable, arguments: arguments, environment: environment, stdin: .pipe, stdout: .pipe, stderr: .pipe)
        } catch {
            throw .failed(error.reason)
        }
        let stdout = Collector(child.stdoutReader!)
        let stderr = Collector(child.stderrReader!)
        stdout.start()
        stderr.start()
        let writer = child.stdinWriter!
        let writerThread = Thread { writeAll(input, to: writer) }
        writerThread.start()

        let deadline = DispatchTime.now() + timeout.timeInterval
        guard let ended = child.waitUntilExit(timeout: timeout) else {
            child.stop(grace: .seconds(2))
            return Outcome(stdout: stdout.data, stderr: stderr.data, termination: .timedOut)
        }
        // A grandchild (gpg-agent, say) may still hold the pipes: wait a little, then use what came.
        let drainDeadline = min(deadline, DispatchTime.now() + 2)
        _ = stdout.done.wait(timeout: drainDeadline)
        _ = stderr.done.wait(timeout: drainDeadline)
        let termination: Termination
        switch ended {
        case .exited(let status): termination = .exited(status)
        case .signalled(let signal): termination = .signalled(signal)
        }
        return Outcome(stdout: stdout.data, stderr: stderr.data, termination: termination)
    }

    private static func writeAll(_ input: Data, to handle: FileHandle) {
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &blocked, nil)
        let fd = handle.fileDescriptor
        input.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    break
                }
                offset += n
            }
        }
        try? handle.close()
        // A SIGPIPE raised for this thread stays pending on it and goes away with it.
    }

    /// Reads a pipe to its end on a background thread.
    private final class Collector: @unchecked Sendable {
        // Kept so the descriptor stays open while the thread reads it, even after `run` returned.
        private let handle: FileHandle
        private let lock = NSLock()
        private var buffer = Data()
        let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) { self.handle = handle }

        func start() {
            let thread = Thread { [self] in
                let fd = handle.fileDescriptor
                var chunk = [UInt8](repeating: 0, count: 16384)
                while true {
                    let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
                    if n < 0, errno == EINTR { continue }
                    if n <= 0 { break }
                    lock.lock()
                    buffer.append(contentsOf: chunk[0..<n])
                    lock.unlock()
                }
                done.signal()
            }
            thread.start()
        }

        var data: Data {
            lock.lock()
            defer { lock.unlock() }
            return buffer
        }
    }
}
