import Foundation
import HarborCore

/// A real CONNECT proxy (Debian's tinyproxy) on a free loopback port, for the proxy tests.
///
/// `hosts` gives the proxy host names nobody else can resolve: tinyproxy runs in a private mount
/// namespace (`unshare -m`, Linux, root) where a generated hosts file is bind-mounted over
/// `/etc/hosts`. So a Harbor reachable as `harbor.proxy-only.test` can only be reached through
/// the proxy, and a client that ignores HTTPS_PROXY fails to resolve it.
public final class TinyproxyProcess: @unchecked Sendable {
    public let port: Int
    public let directory: URL
    public let logFile: URL
    private let process: ChildProcess

    /// `http://127.0.0.1:PORT`, or with `user:password@` when the proxy wants credentials.
    public let url: String

    public static func start(allowConnectPorts: [Int], hosts: [String: String] = [:], basicAuth: (user: String, password: String)? = nil) async throws -> TinyproxyProcess {
        let tinyproxy = try requireTool("tinyproxy")
        let port = try LoopbackPort.reserve()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tinyproxy-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let logFile = directory.appendingPathComponent("tinyproxy.log")
        var configuration = """
            Port \(port)
            Listen 127.0.0.1
            Timeout 30
            LogLevel Info
            MaxClients 20
            Allow 127.0.0.1

            """
        for allowed in allowConnectPorts { configuration += "ConnectPort \(allowed)\n" }
        if let basicAuth { configuration += "BasicAuth \(basicAuth.user) \(basicAuth.password)\n" }
        let configFile = directory.appendingPathComponent("tinyproxy.conf")
        try Data(configuration.utf8).write(to: configFile)

        let executable: String
        let arguments: [String]
        if hosts.isEmpty {
            executable = tinyproxy.path
            arguments = ["-d", "-c", configFile.path]
        } else {
            let unshare = try requireTool("unshare")
            let hostsFile = directory.appendingPathComponent("hosts")
            let lines = ["127.0.0.1 localhost"] + hosts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: hostsFile)
            executable = unshare.path
            arguments = ["-m", "sh", "-c", #"mount --bind "$1" /etc/hosts && exec "$2" -d -c "$3""#, "sh", hostsFile.path, tinyproxy.path, configFile.path]
        }
        // In the foreground (-d) tinyproxy logs to its standard streams.
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let output = try FileHandle(forWritingTo: logFile)
        defer { try? output.close() }
        let process = try ChildProcess(
            executable: executable, arguments: arguments, environment: ProcessInfo.processInfo.environment,
            stdout: .descriptor(output.fileDescriptor), stderr: .descriptor(output.fileDescriptor))
        let started = TinyproxyProcess(port: port, directory: directory, logFile: logFile, process: process, basicAuth: basicAuth)
        let deadline = Date().addingTimeInterval(10)
        while !LoopbackPort.accepts(port) {
            guard process.isRunning, Date() < deadline else {
                started.stop()
                throw TestSupportError("tinyproxy did not start listening on 127.0.0.1:\(port); its log: \(started.log)")
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return started
    }

    private init(port: Int, directory: URL, logFile: URL, process: ChildProcess, basicAuth: (user: String, password: String)?) {
        self.port = port
        self.directory = directory
        self.logFile = logFile
        self.process = process
        self.url = "http://" + (basicAuth.map { "\($0.user):\($0.password)@" } ?? "") + "127.0.0.1:\(port)"
    }

    /// What tinyproxy logged so far (its CONNECT requests among them).
    public var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    public func stop() {
        // SIGTERM makes tinyproxy wait for its connection threads (up to its Timeout); a test
        // proxy has nothing to flush.
        process.signal(SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }
}
