import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1

/// Harbor's `/v2/` front: the `v2auth` check (goharbor/harbor v2.7.0,
/// src/server/middleware/v2auth/auth.go), then the request streamed to the child registry with a
/// token the registry trusts, and its answer streamed back unchanged.
struct RegistryProxy: Sendable {
    let http: HTTPClient
    let registryBaseURL: String
    let externalBaseURL: String
    let issuer: TokenIssuer
    let state: SandboxState
    var crossHost: CrossHostSwitches? = nil

    static let hopByHopHeaders: Set<String> = [
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding",
        "upgrade", "host", "authorization", "content-length",
    ]

    /// `Www-Authenticate` for a refused request, per `getChallenge`: Basic when the client sent any
    /// Authorization (or asked for the catalog), otherwise Bearer pointing at the token service.
    func challenge(hasAuthorization: Bool, path: String, accessList: [V2Access]) -> String {
        if hasAuthorization || path == "/v2/_catalog" { return #"Basic realm="harbor""# }
        let realm = crossHost?.realm(own: "\(externalBaseURL)/service/token") ?? "\(externalBaseURL)/service/token"
        var challenge = #"Bearer realm="\#(realm)",service="\#(TokenIssuer.service)""#
        let scope = accessList.compactMap(\.scope).joined(separator: " ")
        if !scope.isEmpty { challenge += #",scope="\#(scope)""# }
        return challenge
    }

    /// 401 with Harbor's doubled message (`UnauthorizedError(err).WithMessage(err.Error())`).
    func refusal(_ reason: String, challenge: String) -> Response {
        HarborError.unauthorized("\(reason): \(reason)").response(extraHeaders: [
            .dockerDistributionAPIVersion: "registry/2.0", .wwwAuthenticate: challenge,
        ])
    }

    /// Harbor's check; nil when the request may pass.
    func check(
        method: String, path: String, query: [(String, String)], hasAuthorization: Bool, context: SecurityContext
    ) -> Response? {
        let accessList = V2Access.accessList(method: method, path: path, query: query)
        if accessList.isEmpty {
            return refusal("un-recognized request: \(method) \(path)", challenge: "")
        }
        let challenge = challenge(hasAuthorization: hasAuthorization, path: path, accessList: accessList)
        for access in accessList {
            switch access {
            case .login:
                if !context.isAuthenticated { return refusal("unauthorized", challenge: challenge) }
            case .catalog:
                if !context.isSysAdmin { return refusal("unauthorized to list catalog", challenge: challenge) }
            case .repository(let name, let action):
                // Harbor 2.7 answers an unauthenticated HEAD with a challenge even on public projects (#11271).
                if !hasAuthorization && method == "HEAD" {
                    return refusal("authorize header needed to send HEAD to repository", challenge: challenge)
                }
                let projectName = String(name.split(separator: "/").first ?? "")
                guard let project = state.project(named: projectName) else {
                    // The project lookup fails inside the check: 401 with an empty challenge.
                    return refusal("project \(projectName) not found", challenge: "")
                }
                if !context.repositoryActions(in: project, repository: name).contains(action) {
                    return refusal("unauthorized to access repository: \(name), action: \(action.rawValue)", challenge: challenge)
                }
            }
        }
        return nil
    }

    /// The token the registry gets: the client's own verified registry token, or one minted for exactly
    /// what this request needs.
    func upstreamToken(accessList: [V2Access], credentials: Authenticator.Credentials, context: SecurityContext) throws -> String {
        if case .bearer(let token) = credentials, case .registryToken = context { return token }
        var access: [ResourceActions] = []
        for item in accessList {
            switch item {
            case .login: break
            case .catalog: access.append(ResourceActions(type: "registry", name: "catalog", actions: ["*"]))
            case .repository(let name, let action):
                let actions: [String] = action == .push ? ["pull", "push"] : [action.rawValue]
                access.append(ResourceActions(type: "repository", name: name, actions: actions))
            }
        }
        return try issuer.mint(subject: context.username, access: access).token
    }

    func forward(
        request: Request, method: String, path: String, rawPathAndQuery: String, query: [(String, String)],
        credentials: Authenticator.Credentials, context: SecurityContext
    ) async throws -> Response {
        let accessList = V2Access.accessList(method: method, path: path, query: query)
        var upstream = HTTPClientRequest(url: registryBaseURL + rawPathAndQuery)
        upstream.method = HTTPMethod(rawValue: method)
        for field in request.headers where !RegistryProxy.hopByHopHeaders.contains(field.name.canonicalName) {
            upstream.headers.add(name: field.name.rawName, value: field.value)
        }
        upstream.headers.add(name: "Authorization", value: "Bearer \(try upstreamToken(accessList: accessList, credentials: credentials, context: context))")
        if let body = try await ForwardedRequestBody.make(for: request, method: method) { upstream.body = body }

        let response = try await http.execute(upstream, timeout: .hours(1))
        var headers = HTTPFields()
        for header in response.headers {
            let lower = header.name.lowercased()
            if ["connection", "keep-alive", "transfer-encoding"].contains(lower) { continue }
            guard let name = HTTPField.Name(header.name) else { continue }
            var value = header.value
            // `relativeurls: true` keeps Location path-only; rewrite anything absolute that names the registry.
            if lower == "location", value.hasPrefix(registryBaseURL) {
                value = externalBaseURL + value.dropFirst(registryBaseURL.count)
            }
            headers.append(HTTPField(name: name, value: value))
        }
        if method == "PUT", response.status == .created, path.contains("/manifests/"),
            let digest = response.headers.first(name: "Docker-Content-Digest"),
            let repository = V2Access.repositoryName(path: path)
        {
            state.notePush(repository: repository, digest: digest)
        }
        let status = HTTPResponse.Status(code: Int(response.status.code), reasonPhrase: response.status.reasonPhrase)
        if method == "HEAD" {
            return Response(status: status, headers: headers, body: .init())
        }
        let length = response.headers.first(name: "Content-Length").flatMap { Int($0) }
        let body = response.body
        return Response(
            status: status, headers: headers,
            body: ResponseBody(contentLength: length) { writer in
                for try await buffer in body { try await writer.write(buffer) }
                try await writer.finish(nil)
            })
    }
}
