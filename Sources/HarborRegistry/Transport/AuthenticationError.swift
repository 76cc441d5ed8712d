/// The authentication layer's error: the token service or a challenge let us down.
public struct AuthenticationError: Error, Sendable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// The `WWW-Authenticate` header does not parse.
        case malformedChallenge(ChallengeSyntaxError)
        /// A Bearer challenge without a usable realm.
        case missingRealm
        /// The token service answered something other than 200 or 401.
        case tokenServiceFailed(status: Int, errors: [RegistryErrorDetail], excerpt: String)
        /// The token service's 200 holds no token.
        case malformedTokenResponse
        /// The Bearer challenge names a token service on another server than the registry
        /// (`realm` is its redacted URL, `registry` the registry's `host[:port]`): the credentials
        /// belong to the registry and are not sent there.
        case realmOnAnotherServer(realm: String, registry: String)
    }

    public let reason: Reason
    public let method: String
    /// Redacted URL of the request (or of the token realm for token service failures).
    public let url: String

    public init(_ reason: Reason, method: String, url: String) {
        self.reason = reason
        self.method = method
        self.url = RedactedURL.redact(url)
    }

    public var description: String {
        switch reason {
        case .malformedChallenge(let error): "\(method) \(url): the server's \(error)"
        case .missingRealm: "\(method) \(url): the server asked for a Bearer token but named no token service (realm)"
        case .tokenServiceFailed(let status, let errors, let excerpt):
            "the token service \(url) answered \(status)" + (errors.first.map { ": " + [$0.code, $0.message].compactMap { $0 }.joined(separator: ": ") } ?? (excerpt.isEmpty ? "" : ": \(excerpt)"))
        case .malformedTokenResponse: "the token service \(url) answered without a token"
        case .realmOnAnotherServer(let realm, let registry):
            "\(method) \(url): the registry at \(registry) sends us for a token to \(realm), another server; "
                + "the credentials for \(registry) are not sent there, so nothing was sent"
        }
    }
}
