import AsyncHTTPClient
import Foundation
import HarborCore
import HarborTestSupport
import NIOCore
import NIOHTTP1
import Testing

/// The fixture most suites share: one private project with members of every role, a public project,
/// robots named both ways, an expired user and a sysadmin.
enum Fixtures {
    static let standard = SandboxFixture(
        users: [
            .init("alice", secret: "Alice1234"),  // developer on demo
            .init("bob", secret: "Bob12345"),  // guest on demo
            .init("carol", secret: "Carol1234"),  // projectAdmin on demo
            .init("dave", secret: "Dave12345"),  // limitedGuest on demo
            .init("mallory", secret: "Mallory123"),  // member of nothing
            .init("olga", secret: "Olga12345", expired: true),  // developer on demo, OIDC session dead
            .init("root", secret: "Root12345", sysadmin: true),
        ],
        robots: [
            .init("robot$demo+ci", secret: "RobotSecret1"),
            .init("doaas-demo+jenkins", secret: "DoaasSecret1"),
            .init("robot$reader", secret: "ReaderSecret1", permissions: [.init(project: "demo", actions: ["pull"])]),
        ],
        projects: [
            .init(
                "demo",
                members: [
                    .init("alice", .developer), .init("bob", .guest), .init("carol", .projectAdmin), .init("dave", .limitedGuest),
                    .init("olga", .developer),
                ],
                repositories: [.init("hello", kind: .chart, tags: ["0.1.0"]), .init("team/app", tags: ["1.0", "latest"])]),
            .init("library", public: true, repositories: [.init("busybox", tags: ["1.36"])]),
            .init("demo2", members: [.init("alice", .maintainer)]),
            .init("scratch", members: [.init("alice", .developer), .init("bob", .guest)]),
            .init("alpha"), .init("beta", public: true), .init("gamma"),
        ])
}

/// The sandbox most suites share, started on first use.
extension SharedSandbox {
    static let standard = SharedSandbox(fixture: Fixtures.standard)
}

struct HTTPResult {
    let status: Int
    let headers: HTTPHeaders
    let body: String

    func header(_ name: String) -> String? { headers.first(name: name) }
    var json: Any? { try? JSONSerialization.jsonObject(with: Data(body.utf8)) }
    var jsonArray: [[String: Any]] { json as? [[String: Any]] ?? [] }
    var jsonObject: [String: Any] { json as? [String: Any] ?? [:] }
}

/// Plain HTTP requests against a sandbox, with optional Basic or Bearer credentials.
func request(
    _ sandbox: SandboxProcess, _ method: HTTPMethod = .GET, _ pathAndQuery: String, basic: (String, String)? = nil,
    bearer: String? = nil, headers: [(String, String)] = [], body: Data? = nil, timeout: TimeAmount = .seconds(30)
) async throws -> HTTPResult {
    var request = HTTPClientRequest(url: sandbox.baseURL.absoluteString + pathAndQuery)
    request.method = method
    if let basic {
        request.headers.add(name: "Authorization", value: "Basic " + Data("\(basic.0):\(basic.1)".utf8).base64EncodedString())
    }
    if let bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
    let response = try await HTTPClient.shared.execute(request, timeout: timeout)
    let bytes = try await response.body.collect(upTo: 16 << 20)
    return HTTPResult(status: Int(response.status.code), headers: response.headers, body: String(buffer: bytes))
}

/// The registry token from `/service/token`, and its decoded header and claims.
struct IssuedToken {
    let raw: String
    let header: [String: Any]
    let claims: [String: Any]

    var access: [[String: Any]] { claims["access"] as? [[String: Any]] ?? [] }
    var firstActions: [String] { access.first?["actions"] as? [String] ?? [] }

    init?(response: HTTPResult) {
        guard let token = response.jsonObject["token"] as? String else { return nil }
        let parts = token.split(separator: ".").map(String.init)
        guard parts.count == 3, let header = Self.decode(parts[0]), let claims = Self.decode(parts[1]) else { return nil }
        self.raw = token
        self.header = header
        self.claims = claims
    }

    static func decode(_ part: String) -> [String: Any]? {
        guard let data = Base64URL.decode(part) else { return nil }
        return try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    }
}

func token(_ sandbox: SandboxProcess, scope: String?, basic: (String, String)?) async throws -> (HTTPResult, IssuedToken?) {
    var path = "/service/token?service=harbor-registry"
    if let scope { path += "&scope=" + (scope.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? scope) }
    let result = try await request(sandbox, .GET, path, basic: basic)
    return (result, IssuedToken(response: result))
}

let unauthorizedBody = #"{"errors":[{"code":"UNAUTHORIZED","message":"unauthorized: unauthorized"}]}"# + "\n"
