import HarborCore

/// Helm's registry credentials file (helm/helm pkg/registry/client.go, v3.21.4 and v4.2.4;
/// oras-go v2.6.1 registry/remote/credentials): docker's config.json format at
/// `HelmRegistryConfigLocation`, with its own `credsStore` and `credHelpers`, which Helm 3.18+
/// and 4 honour. Edited with the same lossless editor, lock and atomic write as docker's file.
///
/// Helm reads this file first and falls back to docker's config.json and its helpers: Helm 3.8+
/// (helm/helm `pkg/registry/client.go` `NewClient`, ORAS `NewStoreWithFallbacks` in 3.18+/4,
/// `NewClientWithDockerFallback` before). So a login writes no secret here (docker's store is
/// enough); only `--helm-only` does. `credential(for:dockerFallback:)` reads as Helm does.
public struct HelmRegistryConfig: Sendable {
    public let location: HelmRegistryConfigLocation
    public let store: CredentialStore

    public init(environment: ProcessEnvironment, helperTimeout: Duration = .seconds(30)) {
        self.init(location: HelmRegistryConfigLocation(environment: environment), environment: environment, helperTimeout: helperTimeout)
    }

    public init(location: HelmRegistryConfigLocation, environment: ProcessEnvironment, helperTimeout: Duration = .seconds(30)) {
        self.location = location
        store = CredentialStore(file: DockerConfigFile(path: location.path), environment: environment, helperTimeout: helperTimeout)
    }

    public var path: String { location.path }
    public var file: DockerConfigFile { store.file }

    public func load() throws(CredentialFileError) -> DockerConfigContents { try file.load() }

    /// Helm's lookup: this file's stores first, then docker's.
    public func credential(for host: String, dockerFallback: CredentialStore?) throws(CredentialStoreError) -> StoredCredential? {
        if let found = try store.credential(for: host) { return found }
        return try dockerFallback?.credential(for: host)
    }

    /// Stores under the bare `host[:port]` key Helm requires (helm/helm v4.2.4,
    /// pkg/registry/client.go `Login`).
    @discardableResult
    public func store(
        host: String, username: String, secret: String, platformDefault policy: CredentialStore.PlatformDefaultPolicy
    ) throws(CredentialStoreError) -> CredentialLocation {
        try store.store(host: host, username: username, secret: secret, platformDefault: policy)
    }

    /// After a login stored the secret for docker in `docker`: removes what this file holds for
    /// `host` in a store of its own, which Helm reads before docker's and would use instead of
    /// the new login. An entry that is the very one docker's store now holds (the same helper)
    /// is kept. Returns what was removed.
    public func removeShadowingEntry(host: String, dockerStoredIn docker: CredentialLocation) throws(CredentialStoreError) -> [CredentialLocation] {
        switch try store.destination(for: host) {
        case .helper(let name, _):
            if docker == .helper(name) { return [] }
            guard try store.credential(for: host) != nil else { return [] }
            return try store.erase(host: host)
        case .platformDefaultHelper, .file:
            guard try store.hasPlainTextEntry(for: host) else { return [] }
            do {
                try file.eraseFromFile(host: RegistryHostKey.storageKey(for: host))
            } catch {
                throw .file(error)
            }
            return [.file(path)]
        }
    }

    @discardableResult
    public func erase(host: String) throws(CredentialStoreError) -> [CredentialLocation] {
        try store.erase(host: host)
    }
}
