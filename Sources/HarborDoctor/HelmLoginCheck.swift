import HarborCredentials

/// `helm`: whether Helm will use this login. Helm 3.8+ reads its own registry config
/// (`registry/config.json`) first and docker's config.json only for hosts it has no entry for
/// (helm pkg/registry/client.go, oras-go credentials), so an older entry there shadows the login.
public struct HelmLoginCheck: DoctorCheck {
    public let key = "helm"
    public init() {}

    public func evaluate(_ facts: DoctorFacts) -> DoctorFinding {
        let host = facts.instance.host
        guard case .found(let credential) = facts.credential else { return .warning(key, "not checked: no login for \(host)") }
        switch facts.helmStore {
        case .unreadable(let reason):
            return .failure(key, "Helm's registry config cannot be read: \(reason)", fix: "fix or remove the file named above")
        case .store(let location, let username, let sameSecret):
            guard let username else {
                if case .pipeline = credential.source {
                    return .ok(key, "Helm has no entry of its own (\(location)); it reads docker's config.json")
                }
                return .ok(key, "Helm has no entry of its own (\(location)): it uses docker's login")
            }
            if case .helm = credential.source { return .ok(key, "Helm uses its own registry config (\(location))") }
            if username != credential.username || !sameSecret {
                let what = username != credential.username ? "a login as \(username)" : "another secret for \(username)"
                return .failure(
                    key, "Helm's registry config (\(location)) holds \(what) for \(host), which Helm uses instead of \(credential.username) from \(credential.source)",
                    fix: "remove it: helm registry logout \(host) (or log in again with docker harbor login \(host), which removes it)")
            }
            return .ok(key, "Helm's registry config holds the same login (\(location))")
        }
    }
}
