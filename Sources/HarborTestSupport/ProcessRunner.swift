import Foundation
import HarborCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way tests run a program: a `ChildProcess` (default signal dispositions, an empty
/// signal mask, no inherited descriptor but stdin, stdout and stderr) with exactly the
/// environment the test gives, stdin from a file (or /dev/null), and stdout and stderr to files,
/// so that a daemon the program leaves behind (gpg-agent, a tmux server) cannot hold a pipe open
/// and keep the test waiting.
///
/// ```swift
/// let result = try await ProcessRunner.run("docker", ["harbor", "version"], environment: home.environment)
/// #expect(result.status == 0, "\(result)")
/// ```
public enum ProcessRunner {
    /// Runs `executable` to its end. `executable` is a path, or a name looked up on
    /// `environment["PATH"]`; `environment` replaces the test process's environment entirely
    /// (end-to-end tests pass a clean one; the default is the test process's own).
    /// A program still running after `timeout` is killed (status 137) and the result says so.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
        stdin: String? = nil, directory: String? = nil, timeout: Duration = .seconds(300)
    ) async throws -> CompletedProcess {
        try await start(executable, arguments, environment: environment, stdin: stdin, directory: directory).wait(timeout: timeout)
    }

    /// `run` for clean-ups that cannot suspend, in a `deinit` or a `defer` (stopping a test's
    /// gpg-agent or tmux server, which end at once): it blocks the calling thread until the program ends.
    public static func runBlocking(_ executable: String, _ arguments: [String], environment: [String: String], timeout: Duration = .seconds(30)) throws -> CompletedProcess {
        let running = try start(executable, arguments, environment: environment)
        if let ended = running.process.waitUntilExit(timeout: timeout) { return running.collect(ended, note: "") }
        running.process.signal(SIGKILL)
        return running.collect(running.process.waitUntilExit(), note: Running.killedNote(timeout))
    }

    /// Starts `executable` as `run` does and returns at once; `wait` collects the result.
    public static func start(
        _ executable: String, _ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
        stdin: String? = nil, directory: String? = nil
    ) throws -> Running {
        let path = executable.contains("/") ? executable : try which(executable, path: environment["PATH"])
        return try Running(path: path, arguments: arguments, environment: environment, stdin: stdin, directory: directory)
    }

    /// A started program and the files its output goes to.
    public final class Running: @unchecked Sendable {
        public let process: ChildProcess
        private let scratch: String

        public var pid: pid_t { process.pid }

        fileprivate init(path: String, arguments: [String], environment: [String: String], stdin: String?, directory: String?) throws {
            var template = Array((FileManager.default.temporaryDirectory.path + "/harbor-run-XXXXXX").utf8CString)
            guard let made = mkdtemp(&template) else {
                throw TestSupportError("cannot create a scratch directory to run \(path): \(String(cString: strerror(errno)))")
            }
            let scratch = String(cString: made)
            self.scratch = scratch
            func openScratch(_ name: String, _ flags: Int32) throws -> Int32 {
                let fd = open(scratch + "/" + name, flags | O_CLOEXEC, 0o600)
                guard fd >= 0 else { throw TestSupportError("cannot open \(scratch)/\(name): \(String(cString: strerror(errno)))") }
                return fd
            }
            var input = ChildProcess.Stream.null
            var descriptors: [Int32] = []
            defer { for fd in descriptors { close(fd) } }
            if let stdin {
                try Data(stdin.utf8).write(to: URL(fileURLWithPath: scratch + "/stdin"))
                let fd = try openScratch("stdin", O_RDONLY)
                descriptors.append(fd)
                input = .descriptor(fd)
            }
            let out = try openScratch("stdout", O_WRONLY | O_CREAT | O_TRUNC)
            descriptors.append(out)
            let err = try openScratch("stderr", O_WRONLY | O_CREAT | O_TRUNC)
            descriptors.append(err)
            do {
                process = try ChildProcess(
                    executable: path, arguments: arguments, environment: environment, directory: directory,
                    stdin: input, stdout: .descriptor(out), stderr: .descriptor(err))
            } catch {
                try? FileManager.default.removeItem(atPath: scratch)
                throw error
            }
        }

        /// What the program has written to stderr so far (it may still be running).
        public var stderrSoFar: String { (try? String(contentsOfFile: scratch + "/stderr", encoding: .utf8)) ?? "" }

        /// Waits for the program to end (killing it after `timeout`) and returns what it printed.
        /// It suspends rather than blocks: a test that waits on a program must not hold one of the
        /// few threads Swift's cooperative pool has (one per core), or every other test's async
        /// work (HTTP answers, timers) queues behind it.
        public func wait(timeout: Duration = .seconds(300)) async -> CompletedProcess {
            if let ended = await process.waitForExit(within: timeout) { return collect(ended, note: "") }
            process.signal(SIGKILL)
            return collect(await process.waitForExit(), note: Self.killedNote(timeout))
        }

        /// Added to stderr when the program was still running at its time limit.
        fileprivate static func killedNote(_ timeout: Duration) -> String {
            "\n(ProcessRunner: killed after \(timeout), still running)\n"
        }

        fileprivate func collect(_ termination: ChildProcess.Termination, note: String) -> CompletedProcess {
            let stdout = (try? String(contentsOfFile: scratch + "/stdout", encoding: .utf8)) ?? ""
            let stderr = (try? String(contentsOfFile: scratch + "/stderr", encoding: .utf8)) ?? ""
            return CompletedProcess(status: termination.shellStatus, stdout: stdout, stderr: stderr + note)
        }

        deinit { try? FileManager.default.removeItem(atPath: scratch) }
    }

    /// The test process's environment with `extra` on top, for tools that need the caller's PATH
    /// and settings (Helm with its own `HELM_*` directories, gzip, tar).
    public static func inheritedEnvironment(adding extra: [String: String]) -> [String: String] {
        ProcessInfo.processInfo.environment.merging(extra) { $1 }
    }

    /// `name` on `path` (a PATH value; the test process's PATH when nil), as a shell finds it.
    public static func which(_ name: String, path: String?) throws -> String {
        let search = path ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in search.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw MissingToolError(tool: name, hint: (installHints[name] ?? "install it and make sure it is on PATH") + " (searched \(search))")
    }
}

