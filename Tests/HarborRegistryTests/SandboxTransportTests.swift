import Foundation
import HarborCore
import HarborRegistry
import HarborTestSupport
import NIOCore
import NIOHTTP1
import Testing

/// The whole stack against the sandbox Harbor and its fault switches: fail-fast connections, the
/// loopback plain-HTTP fallback, per-phase time limits, retries of transient failures.
@Suite(.serialized)
struct SandboxTransportTests {
    static let fixture = SandboxFixture(
        users: [.init("alice", secret: "AliceSecret1")],
        projects: [.init("pkey", members: [.init("alice", .developer)], repositories: [.init("app", tags: ["1"])])])

    static let alice = BasicCredentials(username: "alice", secret: "AliceSecret1")

    enum Shared {
        static let plain = SharedSandbox(fixture: SandboxTransportTests.fixture)
        static let tls = SharedSandbox(fixture: SandboxTransportTests.fixture, tls: true)
    }

    /// The real stack for the sandbox, with short phase limits so stalls show quickly.
    static func stack(_ sandbox: SandboxProcess, credentials: BasicCredentials? = alice, caFile: String? = nil, timeouts: PhaseTimeouts = .standard, timeout: Duration? = nil, environment: [String: String] = [:]) throws -> TransportStack {
        let connection = InstanceConnection(
            instance: Instance(host: sandbox.host), credentials: credentials, caFile: caFile, timeout: timeout,
            environment: ProcessEnvironment(variables: environment, homeDirectory: "/nonexistent"))
        return try TransportStack.make(for: connection, timeouts: timeouts)
    }

    static func connectionError(_ body: () async throws -> Void) async -> ConnectionError? {
        do {
            try await body()
            return nil
        } catch let error as ConnectionError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test func plainHTTPLoopbackIsFoundWithOneExtraRoundTrip() async throws {
        let sandbox = try await Shared.plain.get()
        try await sandbox.clearRequests()
        try await Self.stack(sandbox).use { stack in
            let first = try await stack.send(HTTPRequest(url: stack.url("/v2/")))
            #expect(first.status == .ok)
            #expect(stack.usesPlainHTTP)
            // Later requests go straight to http://.
            let second = try await stack.send(HTTPRequest(url: stack.url("/api/v2.0/projects")))
            #expect(second.status == .ok)
            #expect(second.request.url.hasPrefix("http://"))
        }
        let log = try await sandbox.requests()
        #expect(log.map(\.path) == ["/v2/", "/api/v2.0/projects"])
        #expect(log.allSatisfy { $0.auth == "basic" && $0.username == "alice" })
    }

    @Test func refusedPortIsReportedAtOnceWithoutRetry() async throws {
        let port = try LoopbackPort.reserve()
        let counting = CountingTransport()
        let instance = Instance(host: "127.0.0.1:\(port)")
        let connection = InstanceConnection(instance: instance, environment: ProcessEnvironment(variables: [:], homeDirectory: "/"))
        let bottom = try AsyncHTTPClientTransport(settings: ConnectionSettings())
        counting.inner = bottom
        let stack = TransportStack(connection: connection, bottom: counting)
        let error = await Self.connectionError { _ = try await stack.send(HTTPRequest(url: stack.url("/v2/"))) }
        await bottom.shutdown()
        #expect(error?.reason == .connectionRefused(host: "127.0.0.1:\(port)"))
        #expect(counting.count == 1)
    }

    @Test func unknownHostIsReportedAtOnce() async throws {
        let stack = try TransportStack.make(for: InstanceConnection(instance: Instance(host: "harbor.invalid"), environment: ProcessEnvironment(variables: [:], homeDirectory: "/")))
        let error = await Self.connectionError { _ = try await stack.send(HTTPRequest(url: stack.url("/v2/"))) }
        await stack.shutdown()
        #expect(error?.reason == .unknownHost(host: "harbor.invalid"))
    }

    @Test func untrustedCertificateIsATLSFailureNotAFallback() async throws {
        let sandbox = try await Shared.tls.get()
        let error = try await Self.stack(sandbox).use { stack in
            await Self.connectionError { _ = try await stack.send(HTTPRequest(url: stack.url("/v2/"))) }
        }
        guard case .tlsFailure(_, let reason)? = error?.reason else {
            Issue.record("expected a TLS failure, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("not signed by a CA this machine trusts"))
        // With the sandbox's CA it works, over TLS.
        try await Self.stack(sandbox, caFile: sandbox.caFile?.path).use { stack in
            let status = try await stack.send(HTTPRequest(url: stack.url("/v2/"))).status
            #expect(status == .ok)
            #expect(!stack.usesPlainHTTP)
        }
    }

    /// The system roots come from OpenSSL's hashed directory (looked up lazily); a CA found only
    /// there must verify the server, exactly as one in the default bundle would.
    @Test func systemRootsFromAHashedDirectoryVerifyTheServer() async throws {
        let sandbox = try await Shared.tls.get()
        let openssl = try requireTool("openssl")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("roots-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(at: try #require(sandbox.caFile), to: directory.appendingPathComponent("sandbox-ca.pem"))
        let rehash = try await ProcessRunner.run(openssl.path, ["rehash", directory.path])
        #expect(rehash.status == 0, "\(rehash)")
        #expect(TLSTrust.hashedSystemDirectory(environment: ["SSL_CERT_DIR": directory.path]) == directory.path)

        let settings = ConnectionSettings(trust: TLSTrust(systemCertificateDirectory: directory.path))
        let bottom = try AsyncHTTPClientTransport(settings: settings)
        let response = try await bottom.send(HTTPRequest(url: "https://\(sandbox.host)/v2/"))
        #expect(response.status == .unauthorized)
        await bottom.shutdown()

        // And the real system directory does not know the sandbox's throw-away CA.
        let system = try AsyncHTTPClientTransport(settings: ConnectionSettings(trust: TLSTrust(systemCertificateDirectory: "/etc/ssl/certs")))
        let error = await Self.connectionError { _ = try await system.send(HTTPRequest(url: "https://\(sandbox.host)/v2/")) }
        await system.shutdown()
        guard case .tlsFailure? = error?.reason else {
            Issue.record("expected a TLS failure, got \(String(describing: error))")
            return
        }
    }

    @Test func aStalledServerHitsTheFirstByteLimit() async throws {
        let sandbox = try await Shared.plain.get()
        try await sandbox.setFaults([SandboxFault(pathPrefix: "/api/v2.0/projects", stall: true, times: 1)])
        let timeouts = PhaseTimeouts(connect: .seconds(2), firstByte: .seconds(1), idle: .seconds(5))
        let error = try await Self.stack(sandbox, timeouts: timeouts).use { stack in
            await Self.connectionError { _ = try await stack.send(HTTPRequest(url: stack.url("/api/v2.0/projects"))) }
        }
        #expect(error?.reason == .stalled(host: sandbox.host, phase: .firstByte, seconds: 1))
        try await sandbox.clearFaults()
    }

    @Test func anAnswerThatStopsMidBodyHitsTheIdleLimit() async throws {
        let sandbox = try await Shared.plain.get()
        try await sandbox.setFaults([SandboxFault(pathPrefix: "/api/v2.0/projects", truncateAfterBytes: 10, stall: true, times: 1)])
        let timeouts = PhaseTimeouts(connect: .seconds(10), firstByte: .seconds(30), idle: .seconds(1))
        let error = try await Self.stack(sandbox, timeouts: timeouts).use { stack in
            let response = try await stack.send(HTTPRequest(url: stack.url("/api/v2.0/projects")))
            #expect(response.status == .ok)
            return await Self.connectionError { _ = try await response.body.collect(upTo: 1 << 20) }
        }
        try await sandbox.clearFaults()
        #expect(error?.reason == .stalled(host: sandbox.host, phase: .idle, seconds: 1), "\(String(describing: error))")
    }

    @Test func aStalledServerStopsAtTheCommandDeadline() async throws {
        let sandbox = try await Shared.plain.get()
        try await sandbox.setFaults([SandboxFault(pathPrefix: "/api/v2.0/projects", stall: true, times: 1)])
        let error = try await Self.stack(sandbox, timeout: .seconds(1)).use { stack in
            await Self.connectionError { _ = try await stack.send(HTTPRequest(url: stack.url("/api/v2.0/projects"))) }
        }
        try await sandbox.clearFaults()
        // With --timeout 1 every phase is cut to 1 s as well; either way the command ends, as a timeout.
        switch error?.reason {
        case .timeout?, .stalled?: break
        default: Issue.record("expected a timeout, got \(String(describing: error))")
        }
    }

    @Test func a503IsRetriedAndThenSucceeds() async throws {
        let sandbox = try await Shared.plain.get()
        try await sandbox.clearRequests()
        try await sandbox.setFaults([SandboxFault(pathPrefix: "/api/v2.0/projects", status: 503, times: 1)])
        try await Self.stack(sandbox).use { stack in
            let response = try await stack.send(HTTPRequest(url: stack.url("/api/v2.0/projects")))
            #expect(response.status == .ok)
        }
        try await sandbox.clearFaults()
        let log = try await sandbox.requests().filter { $0.path == "/api/v2.0/projects" }
        #expect(log.map(\.status) == [503, 200])
    }

    @Test func a500IsNotRetried() async throws {
        let sandbox = try await Shared.plain.get()
        try await sandbox.clearRequests()
        try await sandbox.setFaults([SandboxFault(pathPrefix: "/api/v2.0/projects", status: 500, times: 2)])
        let status = try await Self.stack(sandbox).use { stack in
            try await stack.send(HTTPRequest(url: stack.url("/api/v2.0/projects"))).status
        }
        try await sandbox.clearFaults()
        #expect(status == .internalServerError)
        #expect(try await sandbox.requests().filter { $0.path == "/api/v2.0/projects" }.count == 1)
    }

    @Test func aDroppedConnectionIsRetriedForAGet() async throws {
        let sandbox = try await Shared.plain.get()
        try await sandbox.setFaults([SandboxFault(pathPrefix: "/api/v2.0/projects", drop: true, times: 1)])
        let status = try await Self.stack(sandbox).use { stack in
            try await stack.send(HTTPRequest(url: stack.url("/api/v2.0/projects"))).status
        }
        try await sandbox.clearFaults()
        #expect(status == .ok)
    }

    @Test func aDroppedConnectionIsNotRetriedForAPost() async throws {
        let sandbox = try await Shared.plain.get()
        try await sandbox.setFaults([SandboxFault(pathPrefix: "/api/v2.0/projects", method: "POST", drop: true, times: 1)])
        let error = try await Self.stack(sandbox).use { stack in
            await Self.connectionError {
                _ = try await stack.send(HTTPRequest(method: .POST, url: stack.url("/api/v2.0/projects"), body: .bytes(Array("{}".utf8))))
            }
        }
        try await sandbox.clearFaults()
        guard case .connectionLost? = error?.reason else {
            Issue.record("expected a lost connection, got \(String(describing: error))")
            return
        }
    }

    @Test func aTruncatedBodyFailsWhileReading() async throws {
        let sandbox = try await Shared.plain.get()
        try await sandbox.setFaults([SandboxFault(pathPrefix: "/api/v2.0/projects", truncateAfterBytes: 10, times: 1)])
        let error = try await Self.stack(sandbox).use { stack in
            let response = try await stack.send(HTTPRequest(url: stack.url("/api/v2.0/projects")))
            #expect(response.status == .ok)
            return await Self.connectionError { _ = try await response.body.collect(upTo: 1 << 20) }
        }
        try await sandbox.clearFaults()
        guard case .connectionLost? = error?.reason else {
            Issue.record("expected a cut-off answer, got \(String(describing: error))")
            return
        }
    }

    @Test func projectListAndAccessProbeWorkThroughTheStack() async throws {
        let sandbox = try await Shared.plain.get()
        try await Self.stack(sandbox).use { stack in
            // Basic goes up front to /api/v2.0: the member project is listed, not only public ones.
            let response = try await stack.send(HTTPRequest(url: stack.url("/api/v2.0/projects?page=1&page_size=100")))
            #expect(response.status == .ok)
            let body = try await response.body.collect(upTo: 1 << 20)
            let names = (try JSONSerialization.jsonObject(with: Data(body)) as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
            #expect(names.contains("pkey"), "\(names)")
            let access = try await AccessProbe.access(to: "pkey", using: stack)
            #expect(access.pull && access.push)
        }
    }

    @Test func bearerFlowAgainstTheSandboxRegistryCachesTheToken() async throws {
        let sandbox = try await Shared.plain.get()
        try await sandbox.clearRequests()
        try await Self.stack(sandbox).use { stack in
            for _ in 0..<2 {
                let response = try await stack.send(HTTPRequest(method: .HEAD, url: stack.url("/v2/pkey/app/manifests/1"), headers: ["Accept": "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json"]))
                #expect(response.status == .ok)
            }
        }
        let log = try await sandbox.requests()
        #expect(log.filter { $0.path == "/service/token" }.count == 1)
        #expect(log.filter { $0.path == "/v2/pkey/app/manifests/1" && $0.auth == "bearer" }.count == 2)
    }
}

/// Counts the requests that reach the layer below.
final class CountingTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var sent = 0
    var inner: (any HTTPTransport)?
    var count: Int { lock.withLock { sent } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        lock.withLock { sent += 1 }
        return try await inner!.send(request)
    }
}
