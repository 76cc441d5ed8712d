import HarborCredentials

/// `docker`: whether `docker pull`/`push` will use this login. docker reads `credHelpers[HOST]`,
/// else `credsStore`, else `auths` of config.json (docker/cli cli/config/configfile/file.go
/// `GetCredentialsStore`, v28.2.2); it never sees `HARBOR_USERNAME` unless `credHelpers` sends
/// the host to docker-credential-harbor.
public struct DockerLoginCheck: DoctorCheck {
    public let key = "docker"
    public init() {}

    public func evaluate(_ facts: DoctorFacts) -> DoctorFinding {
        let host = facts.instance.host
        guard case .found(let credential) = facts.credential else { return .warning(key, "not checked: no login for \(host)") }
        switch facts.dockerStore {
        case .unreadable(let reason):
            return .failure(key, "docker's credential store cannot be read: \(reason)", fix: "fix docker's config.json or the credential helper it names")
        case .store(let location, let username, let sameSecret):
            switch credential.source {
            case .docker:
                return .ok(key, "docker uses it (\(location))")
            case .dockerAuthConfig:
                return .ok(key, "docker 28.3 and later use DOCKER_AUTH_CONFIG before \(location)")
            case .pipeline:
                if location.contains("docker-credential-harbor") { return .ok(key, "docker asks docker-credential-harbor, which answers from the environment") }
                return .warning(
                    key, "docker does not read HARBOR_USERNAME: it reads \(location)" + (username.map { ", which holds \($0)" } ?? ", which holds nothing for \(host)"),
                    fix: "let docker use the environment: docker harbor login \(host) --helper")
            case .helm:
                guard let username else {
                    return .warning(key, "docker has no login for \(host) (\(location)); only Helm's registry config has one", fix: "docker harbor login \(host) -u \(credential.username)")
                }
                if username != credential.username || !sameSecret {
                    return .warning(key, "docker uses a different login for \(host): \(username) in \(location)", fix: "log in once for both: docker harbor login \(host) -u \(credential.username)")
                }
                return .ok(key, "docker has the same login (\(location))")
            }
        }
    }
}
