import Foundation
import Hummingbird

/// Harbor's token service, `GET /service/token` (goharbor/harbor v2.7.0,
/// src/core/service/token/token.go, creator.go, authutils.go).
struct TokenIssuer: Sendable {
    static let issuer = "harbor-token-issuer"
    static let service = "harbor-registry"

    let signer: JWTSigner
    let state: SandboxState
    let authenticator: Authenticator
    let expirationMinutes: Int

    /// Signs a registry token for `subject` (nil: anonymous, no `sub` claim).
    func mint(subject: String?, access: [ResourceActions], now: Date = Date()) throws -> (token: String, issuedAt: Date) {
        let seconds = Int(now.timeIntervalSince1970)
        let claims = TokenClaims(
            issuer: TokenIssuer.issuer, subject: (subject?.isEmpty ?? true) ? nil : subject, audience: [TokenIssuer.service],
            expiresAt: seconds + expirationMinutes * 60, notBefore: seconds, issuedAt: seconds,
            id: randomAlphanumeric(16), access: access)
        return (try signer.sign(claims), now)
    }

    func respond(method: String, query: [(String, String)], credentials: Authenticator.Credentials) throws -> Response {
        // Only Handler.Get exists; beego answers everything else with its default 405.
        guard method == "GET" || method == "HEAD" else {
            return .text("Method Not Allowed\n", status: .methodNotAllowed)
        }
        let service = query.first { $0.0 == "service" }?.1 ?? ""
        guard service == TokenIssuer.service else {
            return .text("Unable to handle service: \(service)", status: .badRequest)
        }
        let scopes = query.filter { $0.0 == "scope" }.flatMap { $0.1.split(separator: " ").map(String.init) }
        let context = authenticator.securityContext(method: method, path: "/service/token", credentials: credentials)
        // `docker login` asks without a scope: bad credentials must fail here, with an empty body.
        if !context.isAuthenticated && scopes.isEmpty {
            return Response(status: .unauthorized, headers: [.contentLength: "0"], body: .init())
        }
        let access = scopes.compactMap(Self.parseScope).map { filter($0, for: context) }
        let minted = try mint(subject: context.username, access: access)
        let body = TokenResponse(
            token: minted.token, accessToken: "", expiresIn: expirationMinutes * 60, issuedAt: Date.ISO8601FormatStyle().format(minted.issuedAt))
        var response = try Response.json(body)
        response.headers[.contentType] = "application/json; charset=utf-8"
        return response
    }

    /// `type:name:actions`; the name may itself contain colons (e.g. a port).
    static func parseScope(_ scope: String) -> ResourceActions? {
        let parts = scope.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return nil }
        let name = parts[1..<(parts.count - 1)].joined(separator: ":")
        let actions = parts[parts.count - 1].split(separator: ",").map(String.init)
        return ResourceActions(type: String(parts[0]), name: name, actions: actions)
    }

    /// The `access` claim is computed from the caller's rights, not echoed (goharbor/harbor v2.7.0,
    /// src/core/service/token/creator.go `repositoryFilter`).
    func filter(_ requested: ResourceActions, for context: SecurityContext) -> ResourceActions {
        var result = requested
        switch requested.type {
        case "repository":
            let projectName = String(requested.name.split(separator: "/").first ?? "")
            guard let project = state.project(named: projectName) else {
                result.actions = []  // a project that does not exist gets no actions: pushes are refused
                return result
            }
            let held = context.repositoryActions(in: project, repository: requested.name)
            var actions = RepositoryAction.canonicalOrder.filter(held.contains).map(\.rawValue)
            if held.count == RepositoryAction.allCases.count { actions.append("*") }  // 2.7's notary leftover
            result.actions = actions
        case "registry":
            if !(requested.name == "catalog" && context.isSysAdmin) { result.actions = [] }
        default:
            result.actions = []
        }
        return result
    }

    struct TokenResponse: Encodable {
        let token: String
        let accessToken: String
        let expiresIn: Int
        let issuedAt: String
        enum CodingKeys: String, CodingKey {
            case token, accessToken = "access_token", expiresIn = "expires_in", issuedAt = "issued_at"
        }
    }
}

func randomAlphanumeric(_ count: Int) -> String {
    let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    var generator = SystemRandomNumberGenerator()
    return String((0..<count).map { _ in alphabet[Int(generator.next(upperBound: UInt(alphabet.count)))] })
}
