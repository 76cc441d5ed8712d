import Foundation
import HarborRegistry

/// `realm`: where Harbor's `/v2/` challenge sends clients for a token. Harbor builds the realm
/// from the scheme of its `external_url` and the request's `Host` (goharbor/harbor
/// src/server/middleware/v2auth/auth.go, v2.7.0), so an `external_url` of `http://…` behind a TLS
/// gateway sends docker to plain HTTP (goharbor/harbor#3933, #20530), and a proxy that rewrites
/// `Host` sends it to another host (#13045).
public struct TokenRealmCheck: DoctorCheck {
    public let key = "realm"
    public init() {}

    public func evaluate(_ facts: DoctorFacts) -> DoctorFinding {
        guard case .answered(let answer) = facts.registry else { return .warning(key, "not checked: Harbor was not reached") }
        let host = facts.instance.host
        guard let header = answer.challenge else {
            if answer.status == 401 {
                return .failure(key, "\(host) answered 401 to GET /v2/ without naming a token service", fix: "a proxy in front of Harbor may drop the WWW-Authenticate header; ask the Harbor admin")
            }
            return .warning(key, "\(host) answered \(answer.status) to GET /v2/ without a challenge: no token service to check")
        }
        let challenges: [AuthenticationChallenge]
        do {
            challenges = try AuthenticationChallenge.parse(header)
        } catch {
            return .failure(key, "\(host) sent a WWW-Authenticate header docker cannot read: \(error)", fix: "ask the Harbor admin to check the proxy in front of Harbor")
        }
        guard let bearer = challenges.first(where: { $0.scheme.lowercased() == "bearer" }), let realm = bearer["realm"] else {
            return .warning(key, "\(host) asks for \(challenges.first?.scheme ?? "unknown") authentication, not a Bearer token: not a Harbor token service")
        }
        guard let url = URLComponents(string: realm), let scheme = url.scheme?.lowercased(), let realmHost = url.host else {
            return .failure(key, "the token realm \(realm) is not a URL", fix: "Harbor's external_url is misconfigured; the Harbor admin sets it to https://\(host)")
        }
        let realmAuthority = realmHost + (url.port.map { $0 == (scheme == "https" ? 443 : 80) ? "" : ":\($0)" } ?? "")
        let externalURLFix = "the Harbor admin sets external_url in harbor.yml to https://\(host) (the address clients use) and reconfigures Harbor"
        if scheme == "http", answer.scheme == .https {
            return .failure(
                key, "the token realm is \(realm): plain HTTP behind HTTPS, so docker and Helm would fetch tokens (and send the secret) unencrypted or fail",
                fix: "Harbor's external_url says http://; " + externalURLFix)
        }
        if realmAuthority.lowercased() != host.lowercased() {
            return .failure(
                key, "the token realm \(realm) is on another host than \(host): the secret would go there",
                fix: "Harbor's external_url (or a proxy rewriting Host) names \(realmAuthority); " + externalURLFix)
        }
        return .ok(key, "\(realm) (same host, \(scheme == "https" ? "HTTPS" : "plain HTTP on loopback"))")
    }
}
