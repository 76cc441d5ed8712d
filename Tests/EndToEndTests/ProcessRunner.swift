import Foundation
import HarborCore

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

    final class Running: @unchecked Sendable {
        let process: Process
        // Close-on-exec: a daemon started by one test (tmux, a sandbox) must not inherit another's pipes.
        let out = try! ChildPipe()
        let err = try! ChildPipe()
        private let lock = NSLock()
        private var outData = Data()
        private var errData = Data()
        private let group = DispatchGroup()

        init(process: Process) {
            self.process = process
            process.standardOutput = out.writing
            process.standardError = err.writing
        }

        /// Starts reading once the child runs (and the parent's write ends are closed).
        func collect() {
            out.parentStarted(childUses: .writing)
            err.parentStarted(childUses: .writing)
            for (pipe, isOut) in [(out, true), (err, false)] {
                group.enter()
                DispatchQueue.global().async { [self] in
                    let data = pipe.reading.readDataToEndOfFile()
                    lock.withLock { if isOut { outData = data } else { errData = data } }
                    group.leave()
                }
            }
        }

        var pid: Int32 { process.processIdentifier }

        func wait() -> ProcessResult {
            process.waitUntilExit()
            group.wait()
            return lock.withLock {
                ProcessResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
            }
        }
    }

    static func start(_ executable: String, _ arguments: [String], environment: [String: String], stdin: String? = nil, directory: String? = nil) throws -> Running {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable.hasPrefix("/") ? executable : try which(executable, path: environment["PATH"]))
        process.arguments = arguments
        process.environment = environment
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let input = try ChildPipe()
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input.reading
        let running = Running(process: process)
        try process.run()
        running.collect()
        input.parentStarted(childUses: .reading)
        if let stdin {
            input.writing.write(Data(stdin.utf8))
        }
        try input.writing.close()
        return running
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
