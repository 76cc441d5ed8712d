import Foundation
import HarborCore
import NIOCore
import NIOHTTP1

/// The authentication layer: answers the registry's challenges and attaches credentials, but only
/// ever to the server they belong to (`origin`, host and port).
///
/// - Basic is sent up front where Harbor takes it: its REST API (`/api/…`, where a CLI secret
///   works only as Basic: goharbor/harbor v2.7.0, src/server/middleware/security/oidc_cli.go),
///   the `/v2/` ping and the token service; elsewhere only after a Basic challenge.
/// - Bearer: on a Bearer challenge the layer asks the realm for a token with the challenge's
///   `service` and `scope` (with credentials only from a realm on the same server: a realm on
///   another server is refused with `AuthenticationError.realmOnAnotherServer`), caches
///   it per scope for its lifetime, and sends the request again once. A cached token that draws a
///   new challenge is dropped and fetched again, once.
/// - Redirects of GET and HEAD (and of 307/308 with a replayable body) are followed, at most 5;
///   credentials never travel to another server, so a redirect away from `origin` goes without
///   `Authorization` (blob downloads redirected to object storage work, secrets stay home).
public final class AuthenticatingTransport: HTTPTransport {
    let inner: any HTTPTransport
    let credentials: BasicCredentials?
    /// `host:port` of the server the credentials belong to.
    let origin: String
    public let tokens: TokenCache
    let maxRedirects = 5

    /// `base`: the instance's URL (`https://HOST[:PORT]`); the credentials belong to that server.
    public init(inner: any HTTPTransport, credentials: BasicCredentials?, base: String, tokens: TokenCache = TokenCache()) {
        self.inner = inner
        self.credentials = credentials
        self.origin = RequestTarget.of(base)?.origin ?? base
        self.tokens = tokens
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var current = request
        var redirects = 0
        while true {
            let response = try await sendAuthenticated(current)
            guard [301, 302, 303, 307, 308].contains(Int(response.status.code)), redirects < maxRedirects,
                  let location = response.headers.first(name: "Location"),
                  let next = Self.redirect(current, status: Int(response.status.code), location: location) else {
                return response
            }
            await response.body.discard()
            current = next
            redirects += 1
        }
    }

    /// The request to send after a redirect, or nil when it must not be followed.
    static func redirect(_ request: HTTPRequest, status: Int, location: String) -> HTTPRequest? {
        guard let base = URL(string: request.url), let target = URL(string: location, relativeTo: base)?.absoluteURL,
              let scheme = target.scheme?.lowercased(), scheme == "https" || scheme == "http" else { return nil }
        var next = request
        next.url = target.absoluteString
        next.headers.remove(name: "Authorization")
        switch request.method {
        case .GET, .HEAD:
            break
        default:
            if status == 303 {
                next.method = .GET
                next.body = nil
            } else if status == 307 || status == 308, request.isReplayable {
                break
            } else {
                return nil
            }
        }
        return next
    }

    private func belongsToOrigin(_ url: String) -> Bool {
        RequestTarget.of(url)?.origin == origin
    }

    private func sendAuthenticated(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let target = RequestTarget.of(request.url) else { return try await inner.send(request) }
        var request = request
        guard target.origin == origin else {
            // Another server: no credentials of ours, and none the caller added either.
            request.headers.remove(name: "Authorization")
            return try await inner.send(request)
        }
        if request.headers.contains(name: "Authorization") { return try await inner.send(request) }
        let path = URLComponents(string: request.url)?.percentEncodedPath ?? "/"
        let scope = RegistryScope.required(method: request.method.rawValue, path: path)
        var usedToken: String?
        if let scope, let cached = await cachedToken(for: scope) {
            usedToken = cached.scope
            request.headers.replaceOrAdd(name: "Authorization", value: "Bearer \(cached.token)")
        } else if let credentials, Self.takesBasicUpFront(path: path) {
            request.headers.replaceOrAdd(name: "Authorization", value: credentials.authorizationHeader)
        }
        let response = try await inner.send(request)
        // A 401 means the request was not carried out, so any method may be sent again, as long
        // as its body can be produced again.
        guard response.status == .unauthorized, request.body?.isReplayable ?? true,
              let header = response.headers.first(name: "WWW-Authenticate") else { return response }
        let challenges: [AuthenticationChallenge]
        do {
            challenges = try AuthenticationChallenge.parse(header)
        } catch {
            throw AuthenticationError(.malformedChallenge(error), method: request.method.rawValue, url: request.url)
        }
        if let bearer = challenges.first(where: { $0.scheme == "bearer" }) {
            if let usedToken { await tokens.remove(usedToken) }
            let wanted = bearer["scope"].map { $0 } ?? scope ?? ""
            let (token, tokenFailure) = try await fetchToken(bearer, scope: wanted, for: request)
            if let tokenFailure {
                // The token service turned the credentials down: that is the answer to the request.
                await response.body.discard()
                return tokenFailure
            }
            guard let token else { return response }
            await response.body.discard()
            var retry = request
            retry.headers.replaceOrAdd(name: "Authorization", value: "Bearer \(token)")
            return try await inner.send(retry)
        }
        if challenges.contains(where: { $0.scheme == "basic" }), let credentials,
           request.headers.first(name: "Authorization") != credentials.authorizationHeader {
            await response.body.discard()
            var retry = request
            retry.headers.replaceOrAdd(name: "Authorization", value: credentials.authorizationHeader)
            return try await inner.send(retry)
        }
        return response
    }

    /// Where Basic goes with the first request: Harbor's REST API, the ping and its token service.
    static func takesBasicUpFront(path: String) -> Bool {
        path.hasPrefix("/api/") || path == "/v2/" || path == "/v2" || path.hasPrefix("/service/token")
    }

    private func cachedToken(for scope: String) async -> (scope: String, token: String)? {
        for candidate in RegistryScope.covering(scope) {
            if let token = await tokens.token(for: candidate) { return (candidate, token) }
        }
        return nil
    }

    /// A token for `scope` from the challenge's realm; or the token service's own 401/403 answer
    /// when it refuses the credentials.
    private func fetchToken(_ challenge: AuthenticationChallenge, scope: String, for request: HTTPRequest) async throws -> (String?, HTTPResponse?) {
        guard let realm = challenge["realm"], var components = URLComponents(string: realm),
              let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http" else {
            throw AuthenticationError(.missingRealm, method: request.method.rawValue, url: request.url)
        }
        var items = components.queryItems ?? []
        if let service = challenge["service"] { items.append(URLQueryItem(name: "service", value: service)) }
        for single in scope.split(separator: " ") where !single.isEmpty {
            items.append(URLQueryItem(name: "scope", value: String(single)))
        }
        components.queryItems = items.isEmpty ? nil : items
        // '+' in a query means a space to Go's parser (robot$pkey+ci in a scope): encode it.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        guard let url = components.string else { throw AuthenticationError(.missingRealm, method: request.method.rawValue, url: request.url) }
        var tokenRequest = HTTPRequest(method: .GET, url: url, headers: ["Accept": "application/json"], deadline: request.deadline)
        if let credentials {
            // Harbor's realm is its own external URL (goharbor/harbor v2.7.0
            // src/server/middleware/v2auth/auth.go, getChallenge). A realm elsewhere gets neither
            // the secret nor an anonymous try that would end in a misleading "wrong secret": the
            // command stops and names both servers.
            guard belongsToOrigin(url) else {
                let registry = RequestTarget.of(request.url)?.hostAndPort ?? origin
                throw AuthenticationError(.realmOnAnotherServer(realm: RedactedURL.redact(realm), registry: registry), method: request.method.rawValue, url: request.url)
            }
            tokenRequest.headers.replaceOrAdd(name: "Authorization", value: credentials.authorizationHeader)
        }
        let response = try await inner.send(tokenRequest)
        switch response.status.code {
        case 200:
            struct Reply: Decodable {
                let token: String?
                let access_token: String?
                let expires_in: Int?
                let issued_at: String?
            }
            let body = try await response.body.collect(upTo: 1 << 20)
            guard let reply = try? JSONDecoder().decode(Reply.self, from: Data(body)), let token = reply.token ?? reply.access_token, !token.isEmpty else {
                throw AuthenticationError(.malformedTokenResponse, method: "GET", url: url)
            }
            // distribution's token spec: 60 s when the service does not say.
            let lifetime = TimeInterval(max(reply.expires_in ?? 60, 0))
            let issued = reply.issued_at.flatMap(RFC3339.parse)
            await tokens.store(token, for: scope, lifetime: lifetime, issued: issued)
            return (token, nil)
        case 401, 403:
            return (nil, response)
        default:
            let body = (try? await response.body.collect(upTo: 64 << 10)) ?? []
            let (errors, excerpt) = RegistryErrorDetail.parse(body)
            throw AuthenticationError(.tokenServiceFailed(status: Int(response.status.code), errors: errors, excerpt: excerpt), method: "GET", url: url)
        }
    }
}
