import HarborCore

/// Credentials for registry hosts, kept where docker (or Helm) would keep them for that host
/// (docker/cli v28.2.2, cli/config/configfile/file.go `getConfiguredCredentialStore`): the helper
/// in `credHelpers[host]`, else the helper in `credsStore`, else plain text in `auths` of the file.
/// A file that configures nothing at all follows the platform default helper
/// (`PlatformDefaultHelper`) as docker does, for reads and, with
/// `PlatformDefaultPolicy.adopt`, for writes: docker/cli `cli/config/credentials/default_store_linux.go`
/// and `configfile/file.go` `GetCredentialsStore` (v28.2.2) pick it, and login saves it as `credsStore`.
///
/// With a helper, docker also writes an empty `{}` under `auths[host]`; so do we.
public struct CredentialStore: Sendable {
    /// Where the secret for a host lives, and why.
    public enum Destination: Sendable, Equatable {
        case helper(String, CredentialHelperClient.Origin)
        /// Docker's platform default; the file names no helper.
        case platformDefaultHelper(String)
        case file(String)
    }

    /// What `store` does when the file configures nothing and a platform default helper exists.
    public enum PlatformDefaultPolicy: Sendable, Equatable {
        /// Like docker login: put the secret in the default helper and write `"credsStore"`. A
        /// default helper that cannot work (`PlatformDefaultHelper.problem`) is an error, never
        /// a silent fallback to plain text.
        case adopt
        /// The user asked for the file (`--file-store`, setting `store=file`): plain text in
        /// `auths`, as if there were no default. A helper the file configures still wins.
        case file
    }

    /// Where `store` would put a secret for `host` now. Throws when that is a platform default
    /// helper that cannot work, so a login can stop before the secret is sent anywhere.
    public func plannedDestination(for host: String, platformDefault policy: PlatformDefaultPolicy) throws(CredentialStoreError) -> Destination {
        let contents = try load()
        let destination = destination(for: RegistryHostKey.storageKey(for: host), in: contents)
        guard case .platformDefaultHelper = destination else { return destination }
        if policy == .file { return .file(contents.path) }
        let decision = PlatformDefaultHelper.decide(for: contents, environment: environment)
        if let helper = decision.helper, let problem = decision.problem {
            throw .platformDefaultUnusable(helper: helper, problem: problem, path: contents.path)
        }
        return destination
    }

    public let file: DockerConfigFile
    public let environment: ProcessEnvironment
    public let helperTimeout: Duration

    public init(file: DockerConfigFile, environment: ProcessEnvironment, helperTimeout: Duration = .seconds(30)) {
        self.file = file
        self.environment = environment
        self.helperTimeout = helperTimeout
    }

    /// Where reads for `host` go, given the file as it is now.
    public func destination(for host: String) throws(CredentialStoreError) -> Destination {
        try destination(for: RegistryHostKey.storageKey(for: host), in: load())
    }

    /// The platform default decision for the file as it is now.
    public func platformDefault() throws(CredentialStoreError) -> PlatformDefaultHelper {
        PlatformDefaultHelper.decide(for: try load(), environment: environment)
    }

    /// The stored credential for `host`, or nil. A helper that has none means none: like docker,
    /// we do not fall back to a plain-text entry the helper shadows. Errors of a platform default
    /// helper the user never configured also read as "none".
    public func credential(for host: String) throws(CredentialStoreError) -> StoredCredential? {
        let key = RegistryHostKey.storageKey(for: host)
        let contents = try load()
        switch destination(for: key, in: contents) {
        case .helper(let name, let origin):
            do {
                return try client(name, origin).get(serverURL: key)
            } catch {
                throw .helper(error)
            }
        case .platformDefaultHelper(let name):
            return try? client(name, nil).get(serverURL: key)
        case .file:
            do {
                return try contents.fileCredential(for: key)
            } catch {
                throw .file(error)
            }
        }
    }

    /// Stores `username` and `secret` for `host` and returns where they went.
    @discardableResult
    public func store(
        host: String, username: String, secret: String, isIdentityToken: Bool = false, platformDefault policy: PlatformDefaultPolicy
    ) throws(CredentialStoreError) -> CredentialLocation {
        let key = RegistryHostKey.storageKey(for: host)
        var helper: (name: String, origin: CredentialHelperClient.Origin?, record: Bool)?
        switch try plannedDestination(for: host, platformDefault: policy) {
        case .helper(let name, let origin): helper = (name, origin, false)
        case .platformDefaultHelper(let name): helper = (name, nil, true)
        case .file: helper = nil
        }
        guard let helper else {
            do {
                try file.storeInFile(host: key, username: username, secret: secret, isIdentityToken: isIdentityToken)
            } catch {
                throw .file(error)
            }
            return .file(file.path)
        }
        do {
            try client(helper.name, helper.origin).store(
                serverURL: key, username: isIdentityToken ? CredentialHelperClient.identityTokenUsername : username, secret: secret)
        } catch {
            throw .helper(error)
        }
        do {
            try file.storePlaceholder(host: key, recordingCredsStore: helper.record ? helper.name : nil)
        } catch {
            throw .file(error)
        }
        return .helper(helper.name)
    }

    /// Removes the credentials for `host` from its helper (none there is fine) and every `auths`
    /// entry that stands for it, and says where a credential really was: the helper if it held
    /// one, the file if it held one in plain text (an empty `{}` placeholder is no credential).
    /// The file is cleaned even when the helper fails; the helper's error is thrown afterwards.
    @discardableResult
    public func erase(host: String) throws(CredentialStoreError) -> [CredentialLocation] {
        let key = RegistryHostKey.storageKey(for: host)
        let contents = try load()
        var removed: [CredentialLocation] = []
        var helperError: CredentialHelperError?
        switch destination(for: key, in: contents) {
        case .helper(let name, let origin):
            do {
                let client = client(name, origin)
                if try holds(client, key) {
                    try client.erase(serverURL: key)
                    removed.append(.helper(name))
                }
            } catch {
                helperError = error
            }
        case .platformDefaultHelper(let name):
            let client = client(name, nil)
            if (try? holds(client, key)) == true, (try? client.erase(serverURL: key)) != nil {
                removed.append(.helper(name))
            }
        case .file:
            break
        }
        let plainText = contents.authKeys(matching: key).contains { authKey in
            (try? contents.fileCredential(for: authKey)) != nil
        }
        do {
            try file.eraseFromFile(host: key)
        } catch {
            throw .file(error)
        }
        if plainText { removed.append(.file(file.path)) }
        if let helperError { throw .helper(helperError) }
        return removed
    }

    /// Whether the file itself holds a plain-text credential for `host` (not a helper's `{}` placeholder).
    public func hasPlainTextEntry(for host: String) throws(CredentialStoreError) -> Bool {
        let contents = try load()
        return contents.authKeys(matching: RegistryHostKey.storageKey(for: host)).contains { authKey in
            (try? contents.fileCredential(for: authKey)) != nil
        }
    }

    // MARK: -

    func destination(for key: String, in contents: DockerConfigContents) -> Destination {
        if let name = contents.credHelpers[key], !name.isEmpty {
            return .helper(name, .init(key: "credHelpers[\"\(key)\"]", path: contents.path))
        }
        if let name = contents.credsStore, !name.isEmpty {
            return .helper(name, .init(key: "\"credsStore\"", path: contents.path))
        }
        if let name = PlatformDefaultHelper.decide(for: contents, environment: environment).helper {
            return .platformDefaultHelper(name)
        }
        return .file(contents.path)
    }

    /// Whether the helper holds a credential for `key`: its `list` (which needs no decryption,
    /// so no passphrase prompt for pass), else a `get`.
    private func holds(_ client: CredentialHelperClient, _ key: String) throws(CredentialHelperError) -> Bool {
        if let listed = try? client.list() { return listed[key] != nil }
        return try client.get(serverURL: key) != nil
    }

    private func client(_ name: String, _ origin: CredentialHelperClient.Origin?) -> CredentialHelperClient {
        CredentialHelperClient(helper: name, environment: environment, origin: origin, timeout: helperTimeout)
    }

    private func load() throws(CredentialStoreError) -> DockerConfigContents {
        do {
            return try file.load()
        } catch {
            throw .file(error)
        }
    }
}

/// A credential store failure: the file, or the helper.
public enum CredentialStoreError: Error, Sendable, CustomStringConvertible {
    case file(CredentialFileError)
    case helper(CredentialHelperError)
    /// The file configures no store, docker would use `helper`, and that helper cannot work here.
    case platformDefaultUnusable(helper: String, problem: PlatformDefaultHelper.Problem, path: String)

    public var description: String {
        switch self {
        case .file(let error): error.description
        case .helper(let error): error.description
        case .platformDefaultUnusable(let helper, let problem, let path):
            "\(path) names no credential store, so docker would use docker-credential-\(helper), but \(problem.what)"
        }
    }

    /// What the user can do, where there is something specific.
    public var fix: String? {
        guard case .platformDefaultUnusable(_, let problem, let path) = self else { return nil }
        return "\(problem.fix); or set \"credsStore\" in \(path) to a helper that works here; "
            + "or, to keep the secret in plain text in the file, add --file-store (or 'config set store file')"
    }
}
