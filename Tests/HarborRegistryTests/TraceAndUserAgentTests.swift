import Foundation
import HarborCore
import HarborRegistry
import NIOCore
import NIOHTTP1
import Testing

/// The trace (`-D`/`--debug`) and user-agent layers of the full stack, on what reached the wire.
struct TraceAndUserAgentTests {
    static let secret = "AliceSecret1"
    static let token = "tOkEn.SeCrEt.value"
    static let realm = "https://harbor.corp/service/token"

    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [String] = []
        func append(_ line: String) { lock.withLock { stored.append(line) } }
        var all: [String] { lock.withLock { stored } }
    }

    /// A registry that wants a pull token for p/app, and a blob URL signed in its query.
    static func registry() -> ScriptedTransport {
        ScriptedTransport([
            { request in
                request.url.hasPrefix(realm) ? ScriptedTransport.answer(request, 200, body: ScriptedTransport.tokenBody(token)) : nil
            },
            { request in
                guard request.url.hasPrefix("https://harbor.corp/v2/p/app/manifests/") else { return nil }
                if request.headers.first(name: "Authorization") == "Bearer \(token)" { return ScriptedTransport.answer(request, 200, body: "{}") }
                return ScriptedTransport.answer(request, 401, headers: [("WWW-Authenticate", #"Bearer realm="\#(realm)",service="harbor-registry",scope="repository:p/app:pull""#)])
            },
            { request in
                request.url.hasPrefix("https://harbor.corp/v2/p/app/blobs/") ? ScriptedTransport.answer(request, 200, body: "x") : nil
            },
        ])
    }

    static func stack(over bottom: ScriptedTransport, trace: Lines?) -> TransportStack {
        var sink: TracingTransport.Sink?
        if let trace { sink = { line in trace.append(line) } }
        let connection = InstanceConnection(
            instance: Instance(host: "harbor.corp"), credentials: BasicCredentials(username: "alice", secret: secret),
            environment: ProcessEnvironment(variables: ["HOME": "/nonexistent"]), userAgent: "docker-harbor/\(HarborVersion.current)",
            trace: sink)
        return TransportStack(connection: connection, bottom: bottom, settings: ConnectionSettings(trust: TLSTrust(caFiles: ["/etc/company-ca.pem"], systemCertificateDirectory: nil)))
    }

    @Test func everyExchangeIsOneTraceLineWithoutSecrets() async throws {
        let bottom = Self.registry()
        let lines = Lines()
        let stack = Self.stack(over: bottom, trace: lines)
        let manifest = try await stack.send(HTTPRequest(url: "https://harbor.corp/v2/p/app/manifests/1"))
        #expect(manifest.status == .ok)
        let blob = try await stack.send(HTTPRequest(url: "https://harbor.corp/v2/p/app/blobs/sha256:ab?X-Amz-Signature=sig0123456789"))
        #expect(blob.status == .ok)

        let trace = lines.all
        #expect(trace.count == bottom.sent.count, "one line per exchange: \(trace)")
        #expect(trace.count == 4, "challenge, token, retry with the token, blob: \(trace)")
        #expect(trace[0].hasPrefix("debug: GET https://harbor.corp/v2/p/app/manifests/1 → 401 Unauthorized in "), "\(trace[0])")
        #expect(trace[0].hasSuffix("(auth: none; proxy: direct; CA: system, /etc/company-ca.pem)"), "\(trace[0])")
        #expect(trace[1].hasPrefix("debug: GET https://harbor.corp/service/token → 200 OK in "), "the query is not shown: \(trace[1])")
        #expect(trace[1].contains("(auth: Basic; token scope: repository:p/app:pull; proxy: direct;"), "\(trace[1])")
        #expect(trace[2].contains("→ 200 OK") && trace[2].contains("auth: Bearer;"), "\(trace[2])")
        #expect(trace[3].hasPrefix("debug: GET https://harbor.corp/v2/p/app/blobs/sha256:ab → 200 OK"), "\(trace[3])")
        let basic = Data("alice:\(Self.secret)".utf8).base64EncodedString()
        for line in trace {
            for secret in [Self.secret, Self.token, basic, "sig0123456789", "Authorization"] {
                #expect(!line.contains(secret), "\(line)")
            }
        }
    }

    @Test func aFailedExchangeIsTracedWithItsReason() async throws {
        let lines = Lines()
        let refusing = RefusingBottom()
        let connection = InstanceConnection(instance: Instance(host: "harbor.corp"), environment: ProcessEnvironment(variables: ["HOME": "/nonexistent", "HTTPS_PROXY": "http://user:pw@proxy.corp:3128"]), trace: { lines.append($0) })
        let stack = TransportStack(connection: connection, bottom: refusing, retry: RetryPolicy(maxAttempts: 1))
        await #expect(throws: ConnectionError.self) { try await stack.send(HTTPRequest(url: "https://harbor.corp/v2/")) }
        #expect(lines.all.count == 1, "\(lines.all)")
        let line = lines.all.first ?? ""
        #expect(line.hasPrefix("debug: GET https://harbor.corp/v2/ → failed after "), "\(line)")
        #expect(line.contains("ms: cannot connect to harbor.corp: connection refused (auth: none; proxy: http://proxy.corp:3128;"), "\(line)")
        #expect(!line.contains("pw"), "the proxy's password stays out: \(line)")
    }

    struct RefusingBottom: HTTPTransport {
        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            throw ConnectionError(.connectionRefused(host: "harbor.corp"), method: request.method.rawValue, url: request.url)
        }
    }

    @Test func everyRequestNamesThePluginAndItsVersion() async throws {
        let bottom = Self.registry()
        _ = try await Self.stack(over: bottom, trace: nil).send(HTTPRequest(url: "https://harbor.corp/v2/p/app/manifests/1"))
        #expect(bottom.sent.count == 3)
        #expect(bottom.sent.allSatisfy { $0.userAgent == "docker-harbor/\(HarborVersion.current)" }, "the token request too: \(bottom.sent.map(\.userAgent))")
    }

    @Test(arguments: [
        ("GET https://alice:pw@h/x?token=abc answered", "GET https://h/x answered"),
        ("header Authorization: Basic YWxpY2U6cHc= sent", "header Authorization: Basic <redacted> sent"),
        ("with Bearer eyJhbGciOi.x.y (cause)", "with Bearer <redacted> (cause)"),
        ("GET https://h/v2/ (https://h/t?scope=a)", "GET https://h/v2/ (https://h/t)"),
    ])
    func redactionTakesOutWhatCouldBeACredential(input: String, expected: String) {
        #expect(TraceRedaction.redact(input) == expected)
    }
}
