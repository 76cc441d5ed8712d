import HarborRegistry
import NIOHTTP1

/// Adds `Authorization: Basic …` to requests for one registry host and no other. Harbor accepts
/// Basic credentials (a CLI secret included) on every `/v2/` path (goharbor/harbor
/// src/server/middleware/security/oidc_cli.go at v2.7.0), so a push needs no token round trip.
/// Stands in until the transport stack's token layer is used here.
public struct RegistryBasicAuthTransport: HTTPTransport {
    let base: any HTTPTransport
    let authority: String
    let authorization: String

    /// `authority` is `HOST[:PORT]` as in the request URLs.
    public init(base: any HTTPTransport, authority: String, credentials: BasicCredentials) {
        self.base = base
        self.authority = authority.lowercased()
        self.authorization = credentials.basicAuthorizationHeader
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var request = request
        if Self.authority(of: request.url) == authority { request.headers.replaceOrAdd(name: "Authorization", value: authorization) }
        return try await base.send(request)
    }

    static func authority(of url: String) -> String? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let rest = url[schemeEnd.upperBound...]
        let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        return rest[..<end].lowercased()
    }
}
