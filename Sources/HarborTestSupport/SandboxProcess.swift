import Foundation
import HarborCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A running `harbor-sandbox` (the built binary), started for a test suite.
///
/// ```swift
/// let sandbox = try await SandboxProcess.start(fixture: SandboxFixture(users: [.init("alice", secret: "Alice1234")]))
/// defer { sandbox.stop() }
/// // sandbox.baseURL, sandbox.host, try await sandbox.requests()
/// ```
/// The sandbox stops by itself when the test process exits (its stdin pipe closes).
public final class SandboxProcess: @unchecked Sendable {
    /// `http://127.0.0.1:PORT` (https with `tls: true`).
    public let baseURL: URL
    /// `127.0.0.1:PORT`, what `docker login` takes.
    public let host: String
    /// With `tls: true`: the PEM CA certificate that signed the server certificate.
    public let caFile: URL?
    /// Plain HTTP base of the `/__sandbox/` admin endpoints.
    public let adminURL: URL
    /// How long the sandbox took from process start to ready, as it measured itself.
    public let startupMilliseconds: Int
    /// Scratch directory holding the fixture, logs and (with TLS) the CA file; removed by `stop()`.
    public let directory: URL

    private let process: Process
    private let stdinPipe: ChildPipe
    private let lock = NSLock()
    private var stopped = false

    private init(process: Process, stdinPipe: ChildPipe, info: ReadyInfo, directory: URL) throws {
        guard let base = URL(string: info.baseURL), let admin = URL(string: info.adminURL ?? info.baseURL) else {
            throw SandboxProcessError("the sandbox wrote an unusable ready file: \(info)")
        }
        self.process = process
        self.stdinPipe = stdinPipe
        self.baseURL = base
        self.host = info.host
        self.caFile = info.caFile.map { URL(fileURLWithPath: $0) }
        self.adminURL = admin
        self.startupMilliseconds = info.startupMilliseconds ?? 0
        self.directory = directory
    }

    struct ReadyInfo: Decodable {
        let baseURL: String
        let host: String
        let caFile: String?
        let adminURL: String?
        let startupMilliseconds: Int?
    }

    /// Starts a sandbox from a fixture value.
    public static func start(fixture: SandboxFixture, tls: Bool = false, extraArguments: [String] = []) async throws -> SandboxProcess {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try await start(fixtureJSON: try encoder.encode(fixture), tls: tls, extraArguments: extraArguments)
    }

    /// Starts a sandbox from fixture JSON (the `--fixture` file format).
    public static func start(fixtureJSON: Data, tls: Bool = false, extraArguments: [String] = []) async throws -> SandboxProcess {
        let binary = try locateBinary()
        try requireTool(ProcessInfo.processInfo.environment["HARBOR_SANDBOX_REGISTRY"] ?? "docker-registry")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "harbor-sandbox-test-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let fixtureFile = directory.appendingPathComponent("fixture.json")
        try fixtureJSON.write(to: fixtureFile)
        let readyFile = directory.appendingPathComponent("ready.json")
        let stdoutFile = directory.appendingPathComponent("stdout.txt")
        let stderrFile = directory.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: stdoutFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)

        var arguments = ["--fixture", fixtureFile.path, "--port", "0", "--ready-file", readyFile.path, "--stop-on-stdin-eof"]
        if tls { arguments += ["--tls", "--ca-out", directory.appendingPathComponent("ca.crt").path] }
        arguments += extraArguments

        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        // Close-on-exec, so that programs other tests start meanwhile do not hold it open.
        let stdinPipe = try ChildPipe()
        process.standardInput = stdinPipe.reading
        process.standardOutput = try FileHandle(forWritingTo: stdoutFile)
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        try process.run()
        stdinPipe.parentStarted(childUses: .reading)

        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let data = try? Data(contentsOf: readyFile), let info = try? JSONDecoder().decode(ReadyInfo.self, from: data) {
                return try SandboxProcess(process: process, stdinPipe: stdinPipe, info: info, directory: directory)
            }
            if !process.isRunning {
                let stderr = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
                throw SandboxProcessError("harbor-sandbox exited with status \(process.terminationStatus) before it was ready: \(stderr)")
            }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        process.terminate()
        throw SandboxProcessError("harbor-sandbox was not ready within 60 s (see \(stderrFile.path))")
    }

    /// The built `harbor-sandbox`: `$HARBOR_SANDBOX_BIN`, else next to the running test bundle (the build products directory).
    public static func locateBinary() throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["HARBOR_SANDBOX_BIN"], !explicit.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: explicit) else {
                throw SandboxProcessError("HARBOR_SANDBOX_BIN=\(explicit) is not an executable file")
            }
            return URL(fileURLWithPath: explicit)
        }
        var candidates: [URL] = []
        candidates.append(Bundle.main.bundleURL)
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        if let executable = Bundle.main.executableURL { candidates.append(executable.deletingLastPathComponent()) }
        if let argument = CommandLine.arguments.first { candidates.append(URL(fileURLWithPath: argument).deletingLastPathComponent()) }
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: exe).deletingLastPathComponent())
        }
        // On macOS the test bundle is a directory: …/debug/X.xctest/Contents/MacOS/X
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            candidates.append(bundle.bundleURL.deletingLastPathComponent())
        }
        for directory in candidates {
            let binary = directory.appendingPathComponent("harbor-sandbox")
            if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
        }
        throw SandboxProcessError(
            "cannot find the built harbor-sandbox next to the tests (looked in \(candidates.map(\.path))); "
                + "build it with `swift build --product harbor-sandbox` or set HARBOR_SANDBOX_BIN")
    }

    // MARK: admin endpoints

    /// Replaces all faults.
    public func setFaults(_ faults: [SandboxFault]) async throws {
        try await clearFaults()
        if !faults.isEmpty { try await addFaults(faults) }
    }

    public func addFaults(_ faults: [SandboxFault]) async throws {
        _ = try await admin("POST", "faults", body: try JSONEncoder().encode(faults))
    }

    public func clearFaults() async throws {
        _ = try await admin("DELETE", "faults")
    }

    /// Requests the sandbox received so far (admin requests excluded).
    public func requests() async throws -> [SandboxRequest] {
        try JSONDecoder().decode([SandboxRequest].self, from: try await admin("GET", "requests"))
    }

    public func clearRequests() async throws {
        _ = try await admin("DELETE", "requests")
    }

    /// Creates or changes a user at run time, e.g. `expired: true` to simulate a dead OIDC session.
    public func setUser(_ username: String, secret: String? = nil, expired: Bool? = nil, sysadmin: Bool? = nil) async throws {
        struct Change: Encodable { let secret: String?; let expired: Bool?; let sysadmin: Bool? }
        let path = "users/" + (username.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? username)
        _ = try await admin("PUT", path, body: try JSONEncoder().encode(Change(secret: secret, expired: expired, sysadmin: sysadmin)))
    }

    private func admin(_ method: String, _ path: String, body: Data? = nil) async throws -> Data {
        var request = URLRequest(url: adminURL.appendingPathComponent("__sandbox").appendingPathComponent(path))
        request.httpMethod = method
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            throw SandboxProcessError("sandbox admin \(method) \(path): HTTP \(status): \(String(decoding: data, as: UTF8.self))")
        }
        return data
    }

    // MARK: stopping

    public var isRunning: Bool { process.isRunning }

    /// SIGTERM (the sandbox stops its registry), SIGKILL after 10 s; removes the scratch directory.
    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        try? stdinPipe.writing.close()
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }
}

/// Starting or talking to the sandbox failed.
public struct SandboxProcessError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
