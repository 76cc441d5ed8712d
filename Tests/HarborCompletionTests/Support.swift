import AsyncHTTPClient
import Foundation
import HarborAPI
import HarborCompletion
import HarborCore
import HarborRegistry
import HarborTestSupport
import NIOCore

/// alice: developer on `demo` (an image repository with tags, a nested one, a chart), guest on
/// `viewer`, and a member of 1,000 more projects; `library` is public.
enum CompletionFixture {
    static let fixture = SandboxFixture(
        users: [.init("alice", secret: "Alice1234")],
        projects: [
            .init("demo", members: [.init("alice", .developer)],
                  repositories: [.init("app", tags: ["1.0", "1.1"]), .init("team/api", tags: ["2.0"]), .init("hello", kind: .chart, tags: ["0.1.0"])]),
            .init("viewer", members: [.init("alice", .guest)], repositories: [.init("tool", tags: ["3.0"])]),
            .init("library", public: true),
        ] + (0..<1_000).map { .init(String(format: "p%04d", $0), members: [.init("alice", .developer)]) })
}

enum SharedCompletionSandbox {
    static let shared = SharedSandbox(fixture: CompletionFixture.fixture)
}

/// A temporary cache root, removed at the end.
final class TemporaryDirectory: @unchecked Sendable {
    let path: String
    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("harbor-completion-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

enum Clients {
    /// The bottom layer a TAB really uses (`TransportStack.network`): it fails fast, so the stack's
    /// first HTTPS attempt at the plain-HTTP sandbox is answered at once. (AsyncHTTPClient's default
    /// client waited out its 10 s connect timeout on that attempt, once per test.)
    static func transport(_ instance: Instance) throws -> any HTTPTransport {
        try TransportStack.network(for: InstanceConnection(instance: instance, environment: ProcessEnvironment(variables: [:], homeDirectory: "/nonexistent")))
    }

    /// Generous: these tests are about what is fetched and cached, on a machine that may be busy
    /// with the whole test suite; the budget itself is what `stalled()` tests.
    static let patient = CompletionOptions(budget: .seconds(60))

    /// A catalog for alice (or another secret) on the sandbox, caching under `root`.
    static func catalog(_ sandbox: SandboxProcess, root: String, secret: String = "Alice1234", options: CompletionOptions = Clients.patient, now: @escaping @Sendable () -> Date = Date.init, counter: RequestCounter? = nil) -> HarborCatalog {
        let credentials = BasicCredentials(username: "alice", secret: secret)
        let host = sandbox.host
        return HarborCatalog(cache: CompletionCache(root: root, host: host, username: "alice"), options: options, makeClient: { deadline in
            try CompletionSources.client(host: host, credentials: credentials, deadline: deadline) { instance in
                let bottom = try transport(instance)
                return counter.map { $0.wrapping(bottom) } ?? bottom
            }
        }, now: now)
    }
}

/// Counts the requests that reach the network.
final class RequestCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var urls: [String] = []
    var count: Int { lock.withLock { urls.count } }
    var recorded: [String] { lock.withLock { urls } }

    func wrapping(_ next: any HTTPTransport) -> any HTTPTransport { Layer(counter: self, next: next) }

    struct Layer: HTTPTransport {
        let counter: RequestCounter
        let next: any HTTPTransport
        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            counter.lock.withLock { counter.urls.append(request.url) }
            return try await next.send(request)
        }
    }
}

/// A transport for a machine without network: every request fails at once.
struct Offline: HTTPTransport {
    struct Unreachable: Error {}
    func send(_ request: HTTPRequest) async throws -> HTTPResponse { throw Unreachable() }
}
