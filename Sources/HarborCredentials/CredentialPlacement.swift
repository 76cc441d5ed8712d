import HarborCore

/// Where a login puts a secret and where a logout cleans up: docker's store (config.json from
/// `--config`/`DOCKER_CONFIG`/`~/.docker`, with its helpers) and Helm's registry config.
///
/// A login stores the secret in one place: where `docker login` would. Helm 3.8+ reads docker's
/// config.json and helpers for any host its own file has no entry for (helm/helm
/// `pkg/registry/client.go`), so Helm's file gets no copy; an old entry there for the host would
/// shadow the new login and is removed. Only `helmOnly` writes Helm's file.
public struct CredentialPlacement: Sendable {
    public let docker: CredentialStore?
    public let helm: HelmRegistryConfig
    /// Helm's file is the destination (`--helm-only`), not only a place to clean.
    public let storeForHelm: Bool
    public let policy: CredentialStore.PlatformDefaultPolicy
    /// Whether Helm's file may be changed at all (not with `--docker-only`).
    public let touchesHelm: Bool

    public init(environment: ProcessEnvironment, dockerConfigDirectory: String?, docker: Bool, helm: Bool, fileStore: Bool = false) {
        let location = DockerConfigLocation(configFlag: dockerConfigDirectory, environment: environment)
        self.docker = docker ? CredentialStore(file: DockerConfigFile(location: location), environment: environment) : nil
        self.helm = HelmRegistryConfig(environment: environment)
        storeForHelm = helm && !docker
        policy = fileStore ? .file : .adopt
        touchesHelm = helm
    }

    public struct Locations: Sendable {
        public var docker: CredentialLocation?
        public var helm: CredentialLocation?
        /// Old entries for the host removed from Helm's file, which would have shadowed the login.
        public var helmShadowsRemoved: [CredentialLocation] = []
        /// Why Helm's file could not be checked for such an entry, if it could not.
        public var helmProblem: String?

        public init() {}
    }

    /// Reads the files and decides where the secret will go before anything else happens, so a
    /// malformed file or a store that cannot work stops the login before the secret is asked
    /// for or sent anywhere.
    public func preflight(host: String) throws(CredentialPlacementError) {
        if let docker {
            do { _ = try docker.file.load() } catch { throw .unusableFile(tool: .docker, error) }
            do { _ = try docker.plannedDestination(for: host, platformDefault: policy) } catch { throw .cannotPlan(tool: .docker, error) }
        }
        if touchesHelm {
            do { _ = try helm.load() } catch { throw .unusableFile(tool: .helm, error) }
        }
        if storeForHelm {
            do { _ = try helm.store.plannedDestination(for: host, platformDefault: policy) } catch { throw .cannotPlan(tool: .helm, error) }
        }
    }

    /// The username stored for `host` in the stores this placement writes, for login's prompt.
    public func storedUsername(for host: String) -> String? {
        let found: StoredCredential?
        if let docker {
            found = (touchesHelm ? (try? helm.store.credential(for: host)) ?? nil : nil) ?? (try? docker.credential(for: host)) ?? nil
        } else {
            found = (try? helm.store.credential(for: host)) ?? nil
        }
        guard let found, !found.isIdentityToken else { return nil }
        return found.username
    }

    public func store(host: String, username: String, secret: String) throws(CredentialPlacementError) -> Locations {
        var locations = Locations()
        if let docker {
            do {
                locations.docker = try docker.store(host: host, username: username, secret: secret, platformDefault: policy)
            } catch {
                throw .cannotStore(tool: .docker, error)
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
                throw .cannotStore(tool: .helm, error)
            }
        }
        return locations
    }

    /// Where a logout removed something, as "docker (WHERE)" / "Helm (WHERE)".
    public struct Removal: Equatable, Sendable {
        public let tool: CredentialPlacementError.Tool
        public let location: CredentialLocation
        public var description: String { "\(tool) (\(location))" }
    }

    /// Removes the host's credentials everywhere; returns where something really was.
    public func erase(host: String) throws(CredentialPlacementError) -> [Removal] {
        var removed: [Removal] = []
        var failures: [String] = []
        if let docker {
            do {
                removed += try docker.erase(host: host).map { Removal(tool: .docker, location: $0) }
            } catch {
                failures.append("docker: \(error)")
            }
        }
        if touchesHelm {
            do {
                removed += try helm.erase(host: host).map { Removal(tool: .helm, location: $0) }
            } catch {
                failures.append("Helm: \(error)")
            }
        }
        if !failures.isEmpty { throw .cannotErase(host: host, failures: failures) }
        return removed
    }
}

/// Why a login cannot store, or a logout cannot remove, credentials. Never carries a secret.
public enum CredentialPlacementError: Error, Sendable, CustomStringConvertible {
    public enum Tool: String, Sendable, CustomStringConvertible {
        case docker
        case helm = "Helm"
        public var description: String { rawValue }
    }

    /// A file cannot be read or is malformed.
    case unusableFile(tool: Tool, CredentialFileError)
    /// The store the secret would go to cannot work (e.g. docker's default helper is not set up).
    case cannotPlan(tool: Tool, CredentialStoreError)
    /// Harbor accepted the secret, but storing it failed.
    case cannotStore(tool: Tool, CredentialStoreError)
    case cannotErase(host: String, failures: [String])

    public var description: String {
        switch self {
        case .unusableFile(.docker, let error): "cannot use docker's config file: \(error.message)"
        case .unusableFile(.helm, let error): "cannot use Helm's registry config: \(error.message)"
        case .cannotPlan(let tool, let error): "cannot store credentials for \(tool): \(error)"
        case .cannotStore(let tool, let error): "the secret works, but cannot be stored for \(tool): \(error)"
        case .cannotErase(let host, let failures): "could not remove every credential for \(host): " + failures.joined(separator: "; ")
        }
    }

    public var hint: String? {
        switch self {
        case .unusableFile(_, let error): error.hint
        case .cannotErase: nil
        case .cannotPlan(_, let error): error.fix
        case .cannotStore(_, let error):
            switch error {
            case .helper: "check the credential helper named in the file, or remove \"credsStore\"/\"credHelpers\" to store in the file"
            case .platformDefaultUnusable: error.fix
            case .file: nil
            }
        }
    }
}
