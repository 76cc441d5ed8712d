import Foundation
import HarborRegistry
import NIOCore
import NIOHTTP1

/// A bottom layer for testing the layers above it in isolation: answers each request with the
/// first scripted rule that matches it and records what it was sent. Used where the rule under
/// test needs a server the sandbox cannot be (a token realm on another host, a redirect to
/// object storage); everything the sandbox can do is tested against the sandbox.
final class ScriptedTransport: HTTPTransport, @unchecked Sendable {
    struct Sent: Sendable {
        let method: String
        let url: String
        let authorization: String?
        let userAgent: String?
    }

    typealias Rule = @Sendable (HTTPRequest) -> HTTPResponse?

    private let lock = NSLock()
    private var rules: [Rule]
    private var log: [Sent] = []

    init(_ rules: [Rule]) { self.rules = rules }

    var sent: [Sent] { lock.withLock { log } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        lock.withLock { log.append(Sent(method: request.method.rawValue, url: request.url, authorization: request.headers.first(name: "Authorization"), userAgent: request.headers.first(name: "User-Agent"))) }
        for rule in lock.withLock({ rules }) {
            if let response = rule(request) { return response }
        }
        return Self.answer(request, 404)
    }

    static func answer(_ request: HTTPRequest, _ status: Int, headers: [(String, String)] = [], body: String = "") -> HTTPResponse {
        HTTPResponse(status: HTTPResponseStatus(statusCode: status), headers: HTTPHeaders(headers), body: .bytes(Array(body.utf8)), request: request)
    }

    static func tokenBody(_ token: String, expiresIn: Int = 300) -> String {
        #"{"token":"\#(token)","expires_in":\#(expiresIn)}"#
    }
}
