import HarborCore
import HarborCredentials

/// The credential stores a login writes to and a logout cleans: docker's (config.json from
/// `--config`/`DOCKER_CONFIG`/`~/.docker`, with its helpers) and Helm's registry config.
///
/// A login stores the secret in one place: where `docker login` would. Helm 3.8+ reads docker's
/// config.json and helpers for any host its own file has no entry for (helm/helm
/// `pkg/registry/client.go`), so Helm's file gets no copy; an old entry there for the host would
/// shadow the new login and is removed. Only `--helm-only` writes Helm's file.
struct CredentialTargets {
    let docker: CredentialStore?
    let helm: HelmRegistryConfig
    /// Helm's file is the destination (`--helm-only`), not only a place to clean.
    let storeForHelm: Bool
    let policy: CredentialStore.PlatformDefaultPolicy
    /// Whether Helm's file may be changed at all (not with `--docker-only`).
    let touchesHelm: Bool

    init(context: CommandContext, docker: Bool, helm: Bool, fileStore: Bool = false) {
        let location = DockerConfigLocation(configFlag: context.dockerConfigDirectory, environment: context.environment)
        self.docker = docker ? CredentialStore(file: DockerConfigFile(location: location), environment: context.environment) : nil
        self.helm = HelmRegistryConfig(environment: context.environment)
        storeForHelm = helm && !docker
        policy = fileStore ? .file : .adopt
        touchesHelm = helm
    }

    struct Locations {
        var docker: CredentialLocation?
        var helm: CredentialLocation?
        /// Old entries for the host removed from Helm's file, which would have shadowed the login.
        var helmShadowsRemoved: [CredentialLocation] = []
        /// Why Helm's file could not be checked for such an entry, if it could not.
        var helmProblem: String?
    }

    /// Reads the files and decides where the secret will go before anything else happens, so a
    /// malformed file or a store that cannot work stops the login before the secret is asked
    /// for or sent anywhere.
    func preflight(host: String) throws {
        if let docker {
            do { _ = try docker.file.load() } catch { throw CommandFailure.doing("cannot use docker's config file", error) }
            do { _ = try docker.plannedDestination(for: host, platformDefault: policy) } catch {
                throw CommandFailure("cannot store credentials for docker: \(error)", hint: error.fix)
            }
        }
        if touchesHelm {
            do { _ = try helm.load() } catch { throw CommandFailure.doing("cannot use Helm's registry config", error) }
        }
        if storeForHelm {
            do { _ = try helm.store.plannedDestination(for: host, platformDefault: policy) } catch {
                throw CommandFailure("cannot store credentials for Helm: \(error)", hint: error.fix)
            }
        }
    }

    /// What is stored for `host` now, as Helm or docker would find it.
    func storedCredential(for host: String) throws -> StoredCredential? {
        if let docker {
            if touchesHelm, let own = try helm.store.credential(for: host) { return own }
            return try docker.credential(for: host)
        }
        return try helm.credential(for: host, dockerFallback: nil)
    }

    func store(host: String, username: String, secret: String) throws -> Locations {
        var locations = Locations()
        if let docker {
            do {
                locations.docker = try docker.store(host: host, username: username, secret: secret, platformDefault: policy)
            } catch {
                throw CommandFailure("the secret works, but cannot be stored for docker: \(error)", hint: storeHint(error))
            }
            if touchesHelm, let stored = locations.docker {
                do {
                    locations.helmShadowsRemoved = try helm.removeShadowingEntry(host: host, dockerStoredIn: stored)
                } catch {
                    locations.helmProblem = error.description
                }
            }
        }
        if storeForHelm {
            do {
                locations.helm = try helm.store(host: host, username: username, secret: secret, platformDefault: policy)
            } catch {
                throw CommandFailure("the secret works, but cannot be stored for Helm: \(error)", hint: storeHint(error))
            }
        }
        return locations
    }

    /// Where a logout removed something, as "docker (WHERE)" / "Helm (WHERE)".
    struct Removal: Equatable {
        let tool: String
        let location: CredentialLocation
        var description: String { "\(tool) (\(location))" }
    }

    /// Removes the host's credentials everywhere; returns where something really was.
    func erase(host: String) throws -> [Removal] {
        var removed: [Removal] = []
        var failures: [String] = []
        if let docker {
            do {
                removed += try docker.erase(host: host).map { Removal(tool: "docker", location: $0) }
            } catch {
                failures.append("docker: \(error)")
            }
        }
        if touchesHelm {
            do {
                removed += try helm.erase(host: host).map { Removal(tool: "Helm", location: $0) }
            } catch {
                failures.append("Helm: \(error)")
            }
        }
        if !failures.isEmpty {
            throw CommandFailure("could not remove every credential for \(host): " + failures.joined(separator: "; "))
        }
        return removed
    }

    private func storeHint(_ error: CredentialStoreError) -> String? {
        switch error {
        case .helper: "check the credential helper named in the file, or remove \"credsStore\"/\"credHelpers\" to store in the file"
        case .platformDefaultUnusable: error.fix
        case .file: nil
        }
    }
}
