import HarborCore

/// Checks a username and secret the one way that works for Harbor CLI secrets: `GET /v2/`
/// with Basic authentication (goharbor/harbor v2.7.0, src/server/middleware/security/oidc_cli.go,
/// src/server/middleware/v2auth/auth.go). Not `/api/v2.0/users/current`: Harbor treats a CLI
/// secret as anonymous there, which is exactly why goharbor/harbor-cli cannot log OIDC users in
/// (goharbor/harbor-cli cmd/harbor/root/login.go; goharbor/harbor-cli#922).
public enum CredentialVerifier {
    public enum Outcome: Sendable, Equatable {
        /// 200: the credentials work.
        case accepted(HarborEndpoint)
        /// 401: wrong secret, unknown user, or (for a CLI secret) a lapsed OIDC session; Harbor
        /// answers all three the same way (goharbor/harbor v2.7.0, src/pkg/oidc/secret.go).
        case rejected(HarborEndpoint)
        /// Some other answer: not a registry, or a server in trouble.
        case unexpected(HarborEndpoint, status: Int, detail: String)
    }

    /// Sends the check through `stack`, whose authentication layer carries the credentials.
    /// Throws the layers' errors (`ConnectionError`, `AuthenticationError`) when there is no answer.
    public static func verify(using stack: TransportStack) async throws -> Outcome {
        let response = try await stack.send(HTTPRequest(method: .GET, url: stack.url("/v2/")))
        let endpoint = HarborEndpoint(instance: stack.connection.instance, scheme: stack.usesPlainHTTP ? .http : .https)
        switch response.status.code {
        case 200:
            await response.body.discard()
            return .accepted(endpoint)
        case 401:
            await response.body.discard()
            return .rejected(endpoint)
        default:
            let error = await HTTPStatusError.from(response)
            return .unexpected(endpoint, status: error.status, detail: error.detail)
        }
    }
}
