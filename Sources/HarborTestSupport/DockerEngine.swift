import Foundation
import HarborCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A real Docker engine (`dockerd`) for the tests: one per test process, on a private socket and
/// data root, started by the first test that asks and stopped when the test process ends.
///
/// ```swift
/// let engine = try await DockerEngine.shared.start()
/// try ProcessRunner.run("docker", ["pull", ref], environment: home.environment.merging(engine.environment) { $1 })
/// ```
/// The engine runs without a bridge, iptables or overlay (`--bridge=none --iptables=false
/// --storage-driver=vfs`): images can be imported, tagged, pushed and pulled; containers do not run.
/// dockerd needs root. A test that needs the engine fails with the reason when it cannot start.
public actor DockerEngine {
    public static let shared = DockerEngine()

    /// A started engine: what the docker client needs to reach it.
    public struct Running: Sendable {
        /// `unix:///…/docker.sock`
        public let host: String
        /// `DOCKER_HOST`, to merge into a docker client's environment.
        public var environment: [String: String] { ["DOCKER_HOST": host] }
        /// The engine's scratch directory (socket, data root, log); removed when the test process ends.
        public let directory: String
    }

    private var started: Task<Running, any Error>?
    /// The watchdog, whose stdin pipe's write end we hold open for as long as this process lives.
    private var watchdogProcess: ChildProcess?

    /// The running engine, starting it on first use. Every later call gets the same engine, or the same error.
    public func start() async throws -> Running {
        if let started { return try await started.value }
        let task = Task { try await self.launch() }
        started = task
        return try await task.value
    }

    private func launch() async throws -> Running {
        #if os(Linux)
        guard geteuid() == 0 else {
            throw TestSupportError(
                "this test needs a Docker engine, and dockerd needs root: run the tests as root (CI does), or on a machine where `sudo swift test` is acceptable")
        }
        let dockerd = try Self.locate("dockerd", hint: "install it: apt-get install docker.io (scripts/test-tools.sh does)")
        let docker = try requireTool("docker").path
        // Short: a unix socket path has a limit of about 108 bytes, and containerd's live below exec/.
        var template = Array("/tmp/hde-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw TestSupportError("cannot create a directory for the Docker engine: \(String(cString: strerror(errno)))")
        }
        let directory = String(cString: made)
        let socket = directory + "/docker.sock"
        try Data("{}\n".utf8).write(to: URL(fileURLWithPath: directory + "/daemon.json"))
        let arguments = [
            "--host", "unix://" + socket, "--data-root", directory + "/root", "--exec-root", directory + "/exec",
            "--pidfile", directory + "/dockerd.pid", "--config-file", directory + "/daemon.json",
            "--iptables=false", "--ip6tables=false", "--bridge=none", "--storage-driver=vfs",
        ]

        // ChildProcess: the watchdog starts with an empty signal mask (test runners block SIGTERM,
        // which would leave dockerd deaf to it), and its stdin pipe is close-on-exec on our side,
        // so programs other tests start meanwhile do not hold it open.
        let watchdog = try ChildProcess(
            executable: "/bin/sh", arguments: ["-c", Self.watchdog, "watchdog", directory, dockerd] + arguments,
            environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
            stdin: .pipe)
        watchdogProcess = watchdog

        let host = "unix://" + socket
        let log = directory + "/dockerd.log"
        let deadline = Date().addingTimeInterval(90)
        while Date() < deadline {
            if let status = try? String(contentsOfFile: directory + "/dockerd.exit", encoding: .utf8) {
                throw TestSupportError(
                    "dockerd exited with status \(status.trimmingCharacters(in: .whitespacesAndNewlines)) while starting; its log ends:\n\(Self.tail(of: log))")
            }
            if FileManager.default.fileExists(atPath: socket) {
                let ping = try await ProcessRunner.run(
                    docker, ["version", "--format", "{{.Server.Version}}"], environment: ["DOCKER_HOST": host, "HOME": directory, "PATH": "/usr/bin:/bin"])
                if ping.status == 0 { return Running(host: host, directory: directory) }
            }
            try await Task.sleep(nanoseconds: 200_000_000)
        }
        throw TestSupportError("dockerd did not answer on \(socket) within 90 s; its log ends:\n\(Self.tail(of: log))")
        #else
        throw TestSupportError("the tests start a Docker engine only on Linux")
        #endif
    }

    /// Runs dockerd, and ends it once the test process is gone: the watchdog reads the test
    /// process's pipe until end-of-file (its last holder exiting, however it exits), then sends
    /// SIGTERM, SIGKILL after 10 s, and removes the directory. dockerd's exit status goes to
    /// dockerd.exit, so that a failed start is reported at once.
    static let watchdog = #"""
        dir=$1; shift
        exec 3<&0
        "$@" </dev/null >"$dir/dockerd.log" 2>&1 3<&- &
        daemon=$!
        {
            cat <&3 >/dev/null
            kill -TERM "$daemon" 2>/dev/null
            i=0
            while [ ! -e "$dir/dockerd.exit" ] && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
            [ -e "$dir/dockerd.exit" ] || kill -KILL "$daemon" 2>/dev/null
        } </dev/null &
        watcher=$!
        exec 0</dev/null
        wait "$daemon"
        echo "$?" >"$dir/dockerd.exit"
        wait "$watcher"
        exec 3<&-
        rm -rf "$dir"
        """#

    private static func locate(_ name: String, hint: String) throws -> String {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for directory in path + ["/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/local/bin", "/usr/bin"] {
            let candidate = directory + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw MissingToolError(tool: name, hint: hint)
    }

    private static func tail(of file: String) -> String {
        let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? "(no log at \(file))"
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(15).joined(separator: "\n")
    }
}
