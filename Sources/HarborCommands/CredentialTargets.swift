import HarborCore
import HarborCredentials

/// The credential stores a login writes to and a logout cleans: docker's (config.json from
/// `--config`/`DOCKER_CONFIG`/`~/.docker`, with its helpers) and Helm's registry config.
struct CredentialTargets {
    let docker: CredentialStore?
    let helm: HelmRegistryConfig?

    init(context: CommandContext, docker: Bool, helm: Bool) {
        let location = DockerConfigLocation(configFlag: context.dockerConfigDirectory, environment: context.environment)
        self.docker = docker ? CredentialStore(file: DockerConfigFile(location: location), environment: context.environment) : nil
        self.helm = helm ? HelmRegistryConfig(environment: context.environment) : nil
    }

    struct Locations {
        var docker: CredentialLocation?
        var helm: CredentialLocation?
    }

    /// Reads both files before anything else happens, so a malformed file stops the login
    /// before the secret is sent anywhere.
    func preflight() throws {
        if let docker {
            do { _ = try docker.file.load() } catch { throw CommandFailure("cannot use docker's config file: \(error)") }
        }
        if let helm {
            do { _ = try helm.load() } catch { throw CommandFailure("cannot use Helm's registry config: \(error)") }
        }
    }

    /// What is stored for `host` now: docker's store first, then Helm's.
    func storedCredential(for host: String) throws -> StoredCredential? {
        if let found = try docker?.credential(for: host) { return found }
        return try helm?.store.credential(for: host)
    }

    func store(host: String, username: String, secret: String) throws -> Locations {
        var locations = Locations()
        if let docker {
            do {
                // Only where the user configured a helper; otherwise docker's file, as docker
                // itself falls back to when no helper is set up (see README "Where credentials go").
                locations.docker = try docker.store(host: host, username: username, secret: secret, platformDefault: .ignore)
            } catch {
                throw CommandFailure("the secret works, but cannot be stored for docker: \(error)", hint: storeHint(error))
            }
        }
        if let helm {
            do {
                locations.helm = try helm.store(host: host, username: username, secret: secret, platformDefault: .ignore)
            } catch {
                let stored = locations.docker.map { " (it is stored for docker in \($0))" } ?? ""
                throw CommandFailure("the secret works, but cannot be stored for Helm\(stored): \(error)", hint: storeHint(error))
            }
        }
        return locations
    }

    /// Removes the host's credentials everywhere; returns where they were.
    func erase(host: String) throws -> [String] {
        var removed: [String] = []
        var failures: [String] = []
        if let docker {
            let had = (try? docker.credential(for: host)) != nil
            // Where it is now: once the entry is gone, docker's platform default may apply instead.
            let place = (try? docker.destination(for: host)).map(describe) ?? docker.file.path
            do {
                try docker.erase(host: host)
                if had { removed.append("docker (\(place))") }
            } catch {
                failures.append("docker: \(error)")
            }
        }
        if let helm {
            let had = (try? helm.store.credential(for: host)) != nil
            do {
                try helm.erase(host: host)
                if had { removed.append("Helm (\(helm.path))") }
            } catch {
                failures.append("Helm: \(error)")
            }
        }
        if !failures.isEmpty {
            throw CommandFailure("could not remove every credential for \(host): " + failures.joined(separator: "; "))
        }
        return removed
    }

    func describe(_ destination: CredentialStore.Destination) -> String {
        switch destination {
        case .helper(let name, _), .platformDefaultHelper(let name): "docker-credential-\(name)"
        case .file(let path): path
        }
    }

    private func storeHint(_ error: CredentialStoreError) -> String? {
        switch error {
        case .helper: "check the credential helper named in the file, or remove \"credsStore\"/\"credHelpers\" to store in the file"
        case .file: nil
        }
    }
}
