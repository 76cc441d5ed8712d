import AsyncHTTPClient
import Foundation
import HarborAPI
import HarborCore
import HarborRegistry
import HarborTestSupport
import NIOCore
import NIOHTTP1

/// The sandbox these tests talk to: alice is a member of a few projects with different roles,
/// among 1,046 projects in all, 1,045 of which alice sees (eleven pages of 100), some public.
enum APIFixture {
    static let bulkProjects = 1_040
    /// What alice sees: every project but `secret`.
    static var visibleToAlice: [String] { fixture.projects.map(\.name).filter { $0 != "secret" }.sorted() }
    static let fixture = SandboxFixture(
        users: [.init("alice", secret: "Alice1234"), .init("mallory", secret: "Mallory123")],
        projects: [
            .init("demo", members: [.init("alice", .developer)],
                  repositories: [.init("hello", kind: .chart, tags: ["0.1.0", "0.2.0"]), .init("team/app", tags: ["1.0", "latest"])]),
            .init("library", public: true, repositories: [.init("busybox", tags: ["1.36"])]),
            .init("ops", members: [.init("alice", .maintainer)]),
            .init("viewer", members: [.init("alice", .guest)]),
            // A project whose name is all digits: it must be read as a name, never as project id 123.
            .init("123", members: [.init("alice", .projectAdmin)]),
            .init("secret"),
        ] + (0..<bulkProjects).map { index in
            .init(String(format: "bulk%04d", index), public: index % 10 == 0, members: [.init("alice", index % 4 == 0 ? .guest : .developer)])
        })
}

enum SharedAPISandbox {
    static let shared = SharedSandbox(fixture: APIFixture.fixture)
}

/// Counts requests in flight on their way to the real transport below.
final class ConcurrencyProbe: HTTPTransport, @unchecked Sendable {
    let next: any HTTPTransport
    private let lock = NSLock()
    private var inFlight = 0
    private(set) var peak = 0
    private(set) var urls: [String] = []

    init(over next: any HTTPTransport) { self.next = next }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        lock.withLock {
            inFlight += 1
            peak = max(peak, inFlight)
            urls.append(request.url)
        }
        defer { lock.withLock { inFlight -= 1 } }
        let response = try await next.send(request)
        // Count the request as in flight until its body is read, as a server sees it.
        let body = try await response.body.collect(upTo: 32 << 20)
        var copy = response
        copy.body = .bytes(body)
        return copy
    }

    var recordedURLs: [String] { lock.withLock { urls } }
    var peakInFlight: Int { lock.withLock { peak } }
}

/// A client for `username` on the sandbox, over AsyncHTTPClient (the interim bottom layer).
struct APIClientMaker {
    static let http = HTTPClient(eventLoopGroupProvider: .singleton)

    static func client(_ sandbox: SandboxProcess, _ username: String, _ secret: String, probe: ((any HTTPTransport) -> any HTTPTransport)? = nil, maxConcurrentPages: Int = 4) -> HarborAPIClient {
        let base = sandbox.baseURL.absoluteString
        let bottom: any HTTPTransport = probe?(AsyncHTTPClientTransport(client: http)) ?? AsyncHTTPClientTransport(client: http)
        let connection = InstanceConnection(instance: Instance(host: sandbox.host), credentials: BasicCredentials(username: username, secret: secret), environment: ProcessEnvironment(variables: [:]))
        let stack = TransportStack(connection: connection, bottom: bottom)
        return HarborAPIClient(baseURL: base, transport: stack, maxConcurrentPages: maxConcurrentPages)
    }
}
