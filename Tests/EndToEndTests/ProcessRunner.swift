import Foundation
import HarborCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a program the way a user's shell would, and collects what it printed.
struct ProcessResult: CustomStringConvertible {
    let status: Int32
    let stdout: String
    let stderr: String
    var description: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
}

enum ProcessRunner {
    /// `environment` replaces the process environment entirely (tests pass a clean one).
    static func run(_ executable: String, _ arguments: [String], environment: [String: String], stdin: String? = nil, directory: String? = nil) throws -> ProcessResult {
        let running = try start(executable, arguments, environment: environment, stdin: stdin, directory: directory)
        return running.wait()
    }

    /// A started program (a `ChildProcess`: default signal dispositions, no inherited descriptors).
    final class Running: @unchecked Sendable {
        let process: ChildProcess
        private let lock = NSLock()
        private var outData = Data()
        private var errData = Data()
        private let group = DispatchGroup()

        init(process: ChildProcess) {
            self.process = process
            for (handle, isOut) in [(process.stdoutReader!, true), (process.stderrReader!, false)] {
                group.enter()
                DispatchQueue.global().async { [self] in
                    let data = handle.readDataToEndOfFile()
                    lock.withLock { if isOut { outData = data } else { errData = data } }
                    group.leave()
                }
            }
        }

        var pid: Int32 { process.pid }

        func wait() -> ProcessResult {
            let status = process.waitUntilExit().shellStatus
            group.wait()
            return lock.withLock {
                ProcessResult(status: status, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
            }
        }
    }

    static func start(_ executable: String, _ arguments: [String], environment: [String: String], stdin: String? = nil, directory: String? = nil) throws -> Running {
        let path = executable.hasPrefix("/") ? executable : try which(executable, path: environment["PATH"])
        let process = try ChildProcess(
            executable: path, arguments: arguments, environment: environment, directory: directory,
            stdin: stdin == nil ? .null : .pipe, stdout: .pipe, stderr: .pipe)
        let running = Running(process: process)
        if let stdin, let writer = process.stdinWriter {
            writeAll(Data(stdin.utf8), to: writer)
        }
        return running
    }

    /// Writes and closes, with SIGPIPE blocked on this thread (a child that exited early gives EPIPE instead).
    private static func writeAll(_ data: Data, to handle: FileHandle) {
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGPIPE)
        var old = sigset_t()
        pthread_sigmask(SIG_BLOCK, &blocked, &old)
        defer {
            // Consume a SIGPIPE raised meanwhile before unblocking, so it is not delivered.
            var pending = sigset_t()
            sigpending(&pending)
            if sigismember(&pending, SIGPIPE) == 1 {
                var only = blocked
                var received: Int32 = 0
                sigwait(&only, &received)
            }
            pthread_sigmask(SIG_SETMASK, &old, nil)
        }
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(handle.fileDescriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    break
                }
                offset += n
            }
        }
        try? handle.close()
    }

    struct NotFound: Error, CustomStringConvertible {
        let name: String
        var description: String { "'\(name)' is not on PATH; the end-to-end tests need it (see .ci/run for what to install)" }
    }

    static func which(_ name: String, path: String?) throws -> String {
        for directory in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw NotFound(name: name)
    }
}
