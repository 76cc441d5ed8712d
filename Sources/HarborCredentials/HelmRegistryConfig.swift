import HarborCore

/// Helm's registry credentials file (helm-plugins.md §6): docker's config.json format at
/// `HelmRegistryConfigLocation`, with its own `credsStore` and `credHelpers`, which Helm 3.18+
/// and 4 honour. Edited with the same lossless editor, lock and atomic write as docker's file.
///
/// Helm reads this file first and falls back to docker's config.json (helm-plugins.md §6.2);
/// `credential(for:dockerFallback:)` does the same.
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

    /// Stores under the bare `host[:port]` key Helm requires (helm-plugins.md §6.3).
    @discardableResult
    public func store(
        host: String, username: String, secret: String, platformDefault policy: CredentialStore.PlatformDefaultPolicy
    ) throws(CredentialStoreError) -> CredentialLocation {
        try store.store(host: host, username: username, secret: secret, platformDefault: policy)
    }

    public func erase(host: String) throws(CredentialStoreError) {
        try store.erase(host: host)
    }
}
