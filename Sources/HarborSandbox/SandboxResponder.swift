import Foundation
import Hummingbird
import NIOConcurrencyHelpers
import NIOCore

/// The request context: the connection, so a fault can drop it.
struct SandboxRequestContext: InitializableFromSource {
    let channel: any Channel
    init(source: ApplicationRequestContextSource) { self.channel = source.channel }
}

/// Raised to abandon a request whose connection a fault closed.
struct ConnectionDropped: Error {}

/// Routes every request: admin endpoints, faults, the request log, then Harbor's behaviour.
struct SandboxResponder: HTTPResponder {
    typealias Context = SandboxRequestContext

    let state: SandboxState
    let authenticator: Authenticator
    let tokenIssuer: TokenIssuer
    let proxy: RegistryProxy
    let api: HarborRESTRoutes
    let admin: AdminAPI
    let gate: RegistryPolicyGate
    let stopping: StopFlag
    var crossHost: CrossHostSwitches? = nil
    var quirks: DiagnosticQuirkSwitch { admin.quirks }

    static let maxAPIBody = 1 << 20

    func respond(to request: Request, context: Context) async throws -> Response {
        let method = request.method.rawValue
        let rawPath = request.uri.path
        let rawQuery = request.uri.query
        let path = rawPath.removingPercentEncoding ?? rawPath
        let query = QueryString.parse(rawQuery)

        if path.hasPrefix("/__sandbox/") {
            let body = try await collect(request)
            return try await admin.respond(method: method, segments: segments(of: path, decodeAgain: false), body: body)
        }

        let credentials = Authenticator.parse(authorization: request.headers[.authorization])
        let entry = RecordedRequest(method: method, path: path, query: rawQuery, auth: credentials.kind, username: credentials.basicUsername)
        let logIndex = state.record(entry)
        if let page = quirks.loginPage(for: path) {
            state.setStatus(page.status.code, at: logIndex, of: entry)
            return page
        }

        if let redirect = crossHost?.redirect(path: path, rawPath: rawPath, rawQuery: rawQuery) {
            state.setStatus(redirect.status.code, at: logIndex, of: entry)
            return redirect
        }

        if let fault = state.takeFault(method: method, path: path) {
            if let latency = fault.latencyMs, latency > 0 { try await Task.sleep(for: .milliseconds(latency)) }
            if fault.drop {
                try? await context.channel.close()
                throw ConnectionDropped()
            }
            if fault.stall && fault.truncateAfterBytes == nil {
                while !stopping.isSet { try await Task.sleep(for: .milliseconds(100)) }
                try? await context.channel.close()
                throw ConnectionDropped()
            }
            if let status = fault.status {
                state.setStatus(status, at: logIndex, of: entry)
                var response = faultResponse(status: status, path: path)
                if let retryAfter = fault.retryAfter { response.headers[.retryAfter] = retryAfter }
                return response
            }
            var response = try await handle(request, method: method, path: path, rawPath: rawPath, query: query, credentials: credentials)
            state.setStatus(response.status.code, at: logIndex, of: entry)
            if let limit = fault.truncateAfterBytes {
                response = truncated(response, after: limit, thenStall: fault.stall, channel: context.channel)
            }
            return quirks.adjust(response)
        }

        let response = try await handle(request, method: method, path: path, rawPath: rawPath, query: query, credentials: credentials)
        state.setStatus(response.status.code, at: logIndex, of: entry)
        return quirks.adjust(response)
    }

    private func handle(
        _ request: Request, method: String, path: String, rawPath: String, query: [(String, String)],
        credentials: Authenticator.Credentials
    ) async throws -> Response {
        var trimmed = path
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }

        if trimmed == "/service/token" {
            return try tokenIssuer.respond(method: method, query: query, credentials: credentials)
        }
        // Global, after the security context and ahead of every route (src/core/middlewares/middlewares.go@v2.7.0).
        if state.readOnly, trimmed.hasPrefix("/v2") || trimmed.hasPrefix("/api/"), let refusal = ReadOnlyMode.refusal(method: method) {
            return refusal.response()
        }
        if trimmed == "/v2" || path.hasPrefix("/v2/") {
            let v2Path = trimmed == "/v2" ? "/v2/" : path
            let context = authenticator.securityContext(method: method, path: v2Path, credentials: credentials)
            if let refusal = proxy.check(
                method: method, path: v2Path, query: query, hasAuthorization: request.headers[.authorization] != nil, context: context)
            {
                return refusal
            }
            let pathAndQuery = (trimmed == "/v2" ? "/v2/" : rawPath) + (request.uri.query.map { "?\($0)" } ?? "")
            var forwarded = request
            var counted: (project: String, bytes: Int64, blobs: [String])?
            if let manifest = RegistryPolicyGate.manifestRequest(path: v2Path) {
                switch method {
                case "GET", "HEAD":
                    if let refusal = try await gate.checkPull(manifest) { return refusal.response() }
                case "PUT":
                    let body = try await collect(request)
                    let (refusal, usage) = try await gate.checkPush(manifest, body: body)
                    if let refusal { return refusal.response() }
                    if let usage { counted = (manifest.project, usage.bytes, usage.blobs) }
                    forwarded = Request(head: request.head, body: RequestBody(buffer: ByteBuffer(data: body)))
                default:
                    break
                }
            }
            let response = try await proxy.forward(
                request: forwarded, method: method, path: v2Path, rawPathAndQuery: pathAndQuery, query: query,
                credentials: credentials, context: context)
            if let counted, response.status == .created {
                state.countStorage(project: counted.project, bytes: counted.bytes, blobs: counted.blobs)
            }
            return response
        }
        if path.hasPrefix("/api/") {
            let context = authenticator.securityContext(method: method, path: path, credentials: credentials)
            let body = ["POST", "PUT", "PATCH"].contains(method) ? try await collect(request) : Data()
            return try await api.respond(
                HarborRESTRoutes.Call(
                    method: method, path: path, segments: segments(of: path, decodeAgain: true), rawPath: rawPath, query: query,
                    context: context, body: body))
        }
        if path == "/" {
            return .text("harbor-sandbox: a local stand-in for Harbor 2.7 (OIDC mode). See /api/v2.0/systeminfo.\n")
        }
        return .text("404 page not found\n", status: .notFound)
    }

    private func segments(of path: String, decodeAgain: Bool) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map { segment in
            decodeAgain ? (String(segment).removingPercentEncoding ?? String(segment)) : String(segment)
        }
    }

    private func collect(_ request: Request) async throws -> Data {
        var buffer = try await request.body.collect(upTo: SandboxResponder.maxAPIBody)
        return buffer.readData(length: buffer.readableBytes) ?? Data()
    }

    /// A fault's status: Harbor-shaped JSON for `/api` and `/v2`, plain text elsewhere (like a proxy in front).
    private func faultResponse(status code: Int, path: String) -> Response {
        let status = HTTPResponse.Status(code: code)
        if code >= 500 {
            return HarborError.internalError().withStatus(status).response()
        }
        // 429's code is the distribution spec's TOOMANYREQUESTS (distribution
        // registry/api/errcode/register.go); a status made from its number alone has no reason phrase.
        let code = code == 429 ? "TOOMANYREQUESTS" : (status.reasonPhrase.isEmpty ? "UNKNOWN" : status.reasonPhrase.uppercased().replacingOccurrences(of: " ", with: "_"))
        return HarborError(status: status, code: code, message: "injected by harbor-sandbox").response()
    }

    /// The real headers (with the real Content-Length), then `limit` body bytes, then a closed connection.
    /// The headers and the first `limit` body bytes; then the connection closes, or with
    /// `thenStall` stays open and silent until the sandbox stops (a server that hangs mid-answer).
    private func truncated(_ response: Response, after limit: Int, thenStall: Bool, channel: any Channel) -> Response {
        let original = response.body
        let stopping = self.stopping
        let body = ResponseBody(contentLength: response.body.contentLength) { writer in
            let collector = TruncatingWriter(limit: limit)
            try await original.write(collector)
            try await writer.write(collector.collected)
            if thenStall {
                while !stopping.isSet { try await Task.sleep(for: .milliseconds(100)) }
            }
            try? await channel.close()
            throw ConnectionDropped()
        }
        return Response(status: response.status, headers: response.headers, body: body)
    }
}

/// Collects at most `limit` bytes of a body.
final class TruncatingWriter: ResponseBodyWriter, @unchecked Sendable {
    let limit: Int
    var collected = ByteBuffer()
    init(limit: Int) { self.limit = limit }

    func write(_ buffer: ByteBuffer) async throws {
        let room = limit - collected.readableBytes
        guard room > 0 else { return }
        var slice = buffer
        if let part = slice.readSlice(length: min(room, slice.readableBytes)) {
            var part = part
            collected.writeBuffer(&part)
        }
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

/// Set once the sandbox begins to stop, so stalled requests let go.
final class StopFlag: Sendable {
    private let value = NIOLockedValueBox(false)
    var isSet: Bool { value.withLockedValue { $0 } }
    func set() { value.withLockedValue { $0 = true } }
}

extension HarborError {
    func withStatus(_ status: HTTPResponse.Status) -> HarborError { HarborError(status: status, code: code, message: message) }
}

extension Authenticator.Credentials {
    var kind: RecordedRequest.AuthKind {
        switch self {
        case .none: .none
        case .basic: .basic
        case .bearer: .bearer
        case .other: .other
        }
    }

    var basicUsername: String? {
        if case .basic(let username, _) = self { return username }
        return nil
    }
}
