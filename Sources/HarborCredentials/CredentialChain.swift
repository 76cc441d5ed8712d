import HarborCore

/// The one answer to "whose credentials does a command use for this host?", asked by every
/// command: login's own checks, status, the listings, `helm harbor push`, the `docker harbor
/// push` pre-check, shell completion and `docker-credential-harbor`.
///
/// The order, first match wins:
/// 1. The pipeline variables (`PipelineCredentials`), only for the hosts they belong to
///    (`pipelineHosts`): the default instance (`HARBOR_INSTANCE` or `instance` in the settings)
///    and every host whose `credHelpers` entry names `docker-credential-harbor`. Never sent
///    anywhere else: a push to another host does not get them.
/// 2. `DOCKER_AUTH_CONFIG`, exactly as docker ≥ 28.3 reads it (`DockerAuthConfigVariable`).
/// 3. For Helm: Helm's registry config, which Helm reads before docker's
///    (helm/helm `pkg/registry/client.go`, v3.17 and v4).
/// 4. docker's config.json: `credHelpers[host]`, else `credsStore`, else docker's platform
///    default helper, else the plain `auths` entry (`CredentialStore`).
///
/// With `helpers: .never` (shell completion) no credential helper runs: pass may ask gpg for a
/// passphrase and a keychain may show a dialog, and a TAB must neither prompt nor hang. Stores
/// that need a helper are passed over.
public struct CredentialChain: Sendable {
    public enum Consumer: Sendable {
        case docker
        case helm
    }

    public enum Helpers: Sendable {
        case allowed
        case never
    }

    public let environment: ProcessEnvironment
    public let docker: CredentialStore
    public let helm: HelmRegistryConfig
    /// The default instance's host, to which the pipeline variables belong.
    public let defaultHost: String?

    public init(environment: ProcessEnvironment, dockerConfigDirectory: String?, defaultHost: String?, helperTimeout: Duration = .seconds(30)) {
        self.environment = environment
        docker = CredentialStore(
            file: DockerConfigFile(location: DockerConfigLocation(configFlag: dockerConfigDirectory, environment: environment)),
            environment: environment, helperTimeout: helperTimeout)
        helm = HelmRegistryConfig(environment: environment, helperTimeout: helperTimeout)
        self.defaultHost = defaultHost.map(RegistryHostKey.storageKey(for:))
    }

    /// With the default instance taken from `settings` (an unresolvable one counts as none).
    public init(environment: ProcessEnvironment, dockerConfigDirectory: String?, settings: EffectiveSettings, helperTimeout: Duration = .seconds(30)) {
        self.init(
            environment: environment, dockerConfigDirectory: dockerConfigDirectory,
            defaultHost: (try? settings.defaultInstance())?.host, helperTimeout: helperTimeout)
    }

    public var pipeline: PipelineCredentials { PipelineCredentials(environment) }
    public var dockerAuthConfig: DockerAuthConfigVariable { DockerAuthConfigVariable(environment: environment) }

    /// The hosts the pipeline variables belong to.
    public func pipelineHosts() -> [String] {
        var hosts = Set<String>()
        if let defaultHost { hosts.insert(defaultHost) }
        for store in [docker, helm.store] {
            guard let contents = try? store.file.load() else { continue }
            for (host, helper) in contents.credHelpers where helper == Self.helperName { hosts.insert(host) }
        }
        return hosts.sorted()
    }

    /// Whether the pipeline variables belong to `host`.
    public func pipelineOwns(_ host: String) -> Bool {
        pipelineHosts().contains(RegistryHostKey.storageKey(for: host))
    }

    /// The first credentials for `host`, in the order above; nil when there are none.
    public func resolve(_ host: String, for consumer: Consumer, helpers: Helpers = .allowed) throws(CredentialChainError) -> ResolvedCredential? {
        var notes: [String] = []
        return try resolve(host, for: consumer, helpers: helpers, notes: &notes)
    }

    /// Like `resolve`, but "none" is the error `.notLoggedIn`, with what was passed over.
    public func require(_ host: String, for consumer: Consumer, helpers: Helpers = .allowed) throws(CredentialChainError) -> ResolvedCredential {
        var notes: [String] = []
        if let found = try resolve(host, for: consumer, helpers: helpers, notes: &notes) { return found }
        throw .notLoggedIn(host: RegistryHostKey.storageKey(for: host), notes: notes)
    }

    /// The pipeline step alone: the variables, when they belong to `host` (or, for `login`,
    /// which names its host itself, `named: true`). Throws when only the username is set.
    public func pipelineCredential(for host: String, named: Bool = false) throws(CredentialChainError) -> ResolvedCredential? {
        let key = RegistryHostKey.storageKey(for: host)
        let pipeline = self.pipeline
        guard let username = pipeline.username, named || pipelineOwns(key) else { return nil }
        guard let secret = pipeline.secret else { throw .pipelineSecretMissing(host: key, username: username) }
        return ResolvedCredential(username: username, secret: secret, source: .pipeline(secretVariable: pipeline.secretVariable))
    }

    // MARK: -

    static let helperName = "harbor"

    private func resolve(_ host: String, for consumer: Consumer, helpers: Helpers, notes: inout [String]) throws(CredentialChainError) -> ResolvedCredential? {
        let key = RegistryHostKey.storageKey(for: host)
        if let found = try pipelineCredential(for: key) { return found }
        if pipeline.username != nil {
            let owners = pipelineHosts()
            notes.append(
                "HARBOR_USERNAME is set, but it belongs to "
                    + (owners.isEmpty ? "no host (no default instance is set)" : owners.joined(separator: ", "))
                    + "; it is never sent to \(key) (set HARBOR_INSTANCE=\(key) if it is meant for it)")
        }
        let variable = dockerAuthConfig
        if let entry = variable.entry(for: key) {
            return ResolvedCredential(username: entry.username, secret: entry.secret, source: .dockerAuthConfig)
        }
        if let problem = variable.problem {
            notes.append("\(DockerAuthConfigVariable.name) is set but ignored, as docker ignores it: \(problem)")
        }
        if consumer == .helm, let found = try stored(key, in: helm.store, helpers: helpers, name: "Helm's registry config (\(helm.path))", notes: &notes) {
            return ResolvedCredential(username: found.username, secret: found.secret, source: .helm(found.location))
        }
        if let found = try stored(key, in: docker, helpers: helpers, name: "docker's config (\(docker.file.path))", notes: &notes) {
            return ResolvedCredential(username: found.username, secret: found.secret, source: .docker(found.location))
        }
        return nil
    }

    private func stored(_ key: String, in store: CredentialStore, helpers: Helpers, name: String, notes: inout [String]) throws(CredentialChainError) -> StoredCredential? {
        let found: StoredCredential?
        do {
            if helpers == .never {
                guard case .file = try store.destination(for: key) else { return nil }
            }
            found = try store.credential(for: key)
        } catch {
            throw .unreadable(host: key, store: name, reason: error.message, fix: error.hint)
        }
        guard let found else { return nil }
        if found.isIdentityToken {
            notes.append("\(name) holds an identity token for \(key), which Harbor's CLI-secret login does not use")
            return nil
        }
        return found
    }
}
