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

    private let process: ChildProcess
    /// Our end of the sandbox's stdin; it stops when this closes.
    private let stdinWriter: FileHandle
    private let lock = NSLock()
    private var stopped = false

    private init(process: ChildProcess, info: ReadyInfo, directory: URL) throws {
        guard let base = URL(string: info.baseURL), let admin = URL(string: info.adminURL ?? info.baseURL) else {
            throw SandboxProcessError("the sandbox wrote an unusable ready file: \(info)")
        }
        self.process = process
        self.stdinWriter = process.stdinWriter!
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

    /// Starts a sandbox from fixture JSON (the `--fixture` file format). A port that another
    /// program took between being found free and being bound (the registry's and the admin
    /// listener's ports are reserved, released, then bound by another process) is a race of the
    /// test machine, not a sandbox failure: such a start is tried again, at most three times.
    public static func start(fixtureJSON: Data, tls: Bool = false, extraArguments: [String] = []) async throws -> SandboxProcess {
        var attempt = 1
        while true {
            do {
                return try await startOnce(fixtureJSON: fixtureJSON, tls: tls, extraArguments: extraArguments)
            } catch let error as SandboxProcessError where attempt < 3 && String(describing: error).contains("Address already in use") {
                attempt += 1
            }
        }
    }

    private static func startOnce(fixtureJSON: Data, tls: Bool, extraArguments: [String]) async throws -> SandboxProcess {
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

        // ChildProcess: a close-on-exec stdin pipe (programs other tests start meanwhile do not
        // hold it open), default signal dispositions, no other inherited descriptors.
        let stdoutHandle = try FileHandle(forWritingTo: stdoutFile)
        let stderrHandle = try FileHandle(forWritingTo: stderrFile)
        let process = try ChildProcess(
            executable: binary.path, arguments: arguments, environment: ProcessInfo.processInfo.environment,
            stdin: .pipe, stdout: .descriptor(stdoutHandle.fileDescriptor), stderr: .descriptor(stderrHandle.fileDescriptor))
        try? stdoutHandle.close()
        try? stderrHandle.close()

        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let data = try? Data(contentsOf: readyFile), let info = try? JSONDecoder().decode(ReadyInfo.self, from: data) {
                return try SandboxProcess(process: process, info: info, directory: directory)
            }
            if let ended = process.poll() {
                let stderr = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
                throw SandboxProcessError("harbor-sandbox exited with status \(ended.shellStatus) before it was ready: \(stderr)")
            }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        process.stop(grace: .seconds(10))
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
        let data = try await admin("GET", "requests")
        do {
            return try JSONDecoder().decode([SandboxRequest].self, from: data)
        } catch {
            throw SandboxProcessError("sandbox admin GET requests: not a request log (\(error)): \(String(decoding: data.prefix(500), as: UTF8.self))")
        }
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

    /// Replaces a project's policy (what it refuses).
    public func setPolicy(_ policy: SandboxFixture.Policy, project: String) async throws {
        _ = try await admin("PUT", "projects/\(project)/policy", body: try JSONEncoder().encode(policy))
    }

    /// Sets the scan of `repository:reference` (its children too for an index): `Pending`, `Running`, `Success`
    /// with what it found, `Error`; `status: nil` makes it never scanned.
    public func setScan(
        _ repository: String, _ reference: String, status: String?, vulnerabilities: [SandboxFixture.Vulnerability] = []
    ) async throws {
        struct Change: Encodable {
            let repository: String, reference: String, status: String?, vulnerabilities: [SandboxFixture.Vulnerability]
        }
        _ = try await admin(
            "PUT", "scans",
            body: try JSONEncoder().encode(
                Change(repository: repository, reference: reference, status: status, vulnerabilities: vulnerabilities)))
    }

    /// Attaches (or removes) a cosign signature.
    public func setSigned(_ repository: String, _ reference: String, signed: Bool = true) async throws {
        struct Change: Encodable { let repository: String, reference: String, signed: Bool }
        _ = try await admin("PUT", "signatures", body: try JSONEncoder().encode(Change(repository: repository, reference: reference, signed: signed)))
    }

    /// Moves a project's creation time, as if it was deleted and created again `secondsFromNow` from now.
    public func setProjectCreated(_ project: String, secondsFromNow: Double) async throws {
        _ = try await admin("PUT", "projects/\(project)/created", body: Data(#"{"secondsFromNow":\#(secondsFromNow)}"#.utf8))
    }

    public func setReadOnly(_ readOnly: Bool) async throws {
        _ = try await admin("PUT", "read-only", body: Data(#"{"readOnly":\#(readOnly)}"#.utf8))
    }

    /// The storage a project's pushes counted, in bytes.
    public func storageUsed(project: String) async throws -> Int64 {
        struct Usage: Decodable { let bytes: Int64 }
        return try JSONDecoder().decode(Usage.self, from: try await admin("GET", "projects/\(project)/storage")).bytes
    }

    private func admin(_ method: String, _ path: String, body: Data? = nil) async throws -> Data {
        var request = URLRequest(url: adminURL.appendingPathComponent("__sandbox").appendingPathComponent(path))
        request.httpMethod = method
        // The log and the fixture change between calls: never answer from a cache.
        request.cachePolicy = .reloadIgnoringLocalAndRemoteCacheData
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
        if process.isRunning { process.stop(grace: .seconds(10)) }
        try? stdinWriter.close()
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }
}

/// Starting or talking to the sandbox failed.
public struct SandboxProcessError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
