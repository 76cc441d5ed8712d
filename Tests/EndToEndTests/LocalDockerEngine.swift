import Foundation
import HarborTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A real Docker engine (Debian's dockerd, as root) on a private socket with its own data, for
/// the tests of this issue until the shared test support has one: `--bridge=none
/// --iptables=false --storage-driver=vfs`, so pull, push and tag work (containers do not).
final class LocalDockerEngine {
    let directory: String
    let socket: String
    private let process: ProcessRunner.Running
    private var stopped = false

    init() throws {
        _ = try requireTool("dockerd")
        guard getuid() == 0 else { throw EngineError("dockerd needs root to run; these tests run as root in CI") }
        directory = "/tmp/harbor-e2e-dockerd-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        socket = directory + "/docker.sock"
        process = try ProcessRunner.start("dockerd", [
            "--bridge=none", "--iptables=false", "--ip6tables=false", "--storage-driver=vfs",
            "--data-root", directory + "/data", "--exec-root", directory + "/exec", "--pidfile", directory + "/dockerd.pid",
            "-H", "unix://" + socket,
        ], environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin"])
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let version = try ProcessRunner.run("docker", ["-H", "unix://" + socket, "version", "--format", "{{.Server.Version}}"], environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory])
            if version.status == 0 { return }
            if !process.process.isRunning { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        stop()
        throw EngineError("dockerd did not answer on \(socket) within 60 s")
    }

    /// SIGKILL (the test runner blocks SIGTERM, and children inherit that mask) for dockerd and
    /// the containerd it started, then the data.
    func stop() {
        guard !stopped else { return }
        stopped = true
        let containerdPID = (try? String(contentsOfFile: directory + "/exec/containerd/containerd.pid", encoding: .utf8))
            .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        kill(process.pid, SIGKILL)
        if let containerdPID { kill(containerdPID, SIGKILL) }
        _ = process.wait()
        // dockerd bind-mounts its data root onto itself; a killed dockerd leaves that mount.
        for mount in [directory + "/data", directory + "/exec/netns"] where FileManager.default.fileExists(atPath: mount) {
            _ = try? ProcessRunner.run("umount", ["-l", mount], environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"])
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    deinit { stop() }

    struct EngineError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
