import Foundation
import HarborAPI
import HarborCore
import HarborCredentials
import HarborRegistry
import NIOCore

/// Puts the completion together from what is on disk: the settings, the credentials the
/// credential chain gives without running a helper, the cache; and from the command's context,
/// the network.
///
/// A credential helper is never run from a TAB (`CredentialChain.Helpers.never`): `pass` may
/// ask gpg for a passphrase (pinentry) and a keychain may show a dialog, and completion must
/// neither prompt nor hang. With a helper, completion answers from the cache the listing
/// commands (which may run helpers) filled.
public struct CompletionSources: Sendable {
    public let environment: ProcessEnvironment
    public let settings: EffectiveSettings
    public let dockerConfigDirectory: String?
    public let options: CompletionOptions
    /// Whose reading of the credential stores counts (docker's or Helm's).
    public let consumer: CredentialChain.Consumer
    /// How to reach an instance: the command context's network.
    public let network: NetworkAccess

    public init(
        environment: ProcessEnvironment, settings: EffectiveSettings, dockerConfigDirectory: String?, options: CompletionOptions? = nil,
        consumer: CredentialChain.Consumer = .docker, network: NetworkAccess
    ) {
        self.environment = environment
        self.settings = settings
        self.dockerConfigDirectory = dockerConfigDirectory
        self.options = options ?? CompletionOptions(settings: settings)
        self.consumer = consumer
        self.network = network
    }

    /// The credentials for `host` that need no helper, from the credential chain.
    public func credentials(for host: String) -> ResolvedCredential? {
        let chain = CredentialChain(environment: environment, dockerConfigDirectory: dockerConfigDirectory, settings: settings)
        return (try? chain.resolve(host, for: consumer, helpers: .never)) ?? nil
    }

    public var defaultHost: String? { (try? settings.defaultInstance())?.host }

    public func referenceCompleter() -> ReferenceCompleter {
        ReferenceCompleter(defaultHost: defaultHost, defaultProject: settings.project) { host in catalog(for: host) }
    }

    /// The catalog of the account completion can use on `host`: the one whose credentials are
    /// readable without a helper, else (cache only) the one last listed there.
    public func catalog(for host: String) -> HarborCatalog? {
        let root = CompletionCache.root(environment: environment)
        let found = credentials(for: host)
        guard let username = found?.username ?? CompletionCache.lastUser(root: root, host: host) else { return nil }
        let cache = CompletionCache(root: root, host: host, username: username)
        guard let found else { return HarborCatalog(cache: cache, options: options, makeClient: nil) }
        let credentials = BasicCredentials(username: found.username, secret: found.secret)
        let network = self.network
        let environment = self.environment
        return HarborCatalog(cache: cache, options: options) { deadline in
            try Self.client(host: host, credentials: credentials, deadline: deadline, environment: environment, network: network)
        }
    }

    /// A client for `host` over `network`'s stack, whose requests end by `deadline` (the TAB's budget).
    public static func client(host: String, credentials: BasicCredentials, deadline: NIODeadline, environment: ProcessEnvironment, network: NetworkAccess) throws -> HarborAPIClient {
        let remaining = max(deadline.uptimeNanoseconds, NIODeadline.now().uptimeNanoseconds) - NIODeadline.now().uptimeNanoseconds
        let connection = InstanceConnection(
            instance: Instance(host: host), credentials: credentials, timeout: .nanoseconds(Int64(max(remaining, 1_000_000))), environment: environment)
        let stack = try network.open(connection)
        return HarborAPIClient(baseURL: connection.baseURL, transport: stack, deadline: deadline)
    }

    /// A client for `host` over the transport stack (Basic up front to `/api/v2.0`, the way
    /// Harbor accepts a CLI secret; plain HTTP only to loopback, after a plain answer to TLS),
    /// on `makeTransport`'s bottom layer.
    public static func client(host: String, credentials: BasicCredentials, deadline: NIODeadline?, makeTransport: @Sendable (Instance) throws -> any HTTPTransport) throws -> HarborAPIClient {
        let instance = Instance(host: host)
        let connection = InstanceConnection(instance: instance, credentials: credentials, environment: ProcessEnvironment(variables: [:]))
        let stack = TransportStack(connection: connection, bottom: try makeTransport(instance), deadline: deadline)
        return HarborAPIClient(baseURL: connection.baseURL, transport: stack, deadline: deadline)
    }

    /// Candidates for INSTANCE arguments.
    public func instances(_ prefix: String) -> CompletionResult {
        InstanceCompleter.complete(prefix, settings: settings, logins: CredentialFreshnessFile(environment: environment).logins())
    }

    /// `helm harbor push <TAB>`: chart archives (`*.tgz`), chosen by the shell's own file completion.
    public static let chartArchives = CompletionResult([CompletionCandidate("tgz")], directive: .filterFileExtensions)
}
