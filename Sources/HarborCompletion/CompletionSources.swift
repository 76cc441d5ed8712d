import Foundation
import HarborAPI
import HarborCore
import HarborCredentials
import HarborRegistry
import NIOCore

/// Puts the completion together from what is on disk: the settings, the credentials that can
/// be read without a helper, the cache; and from the command layer, the transport to Harbor.
public struct CompletionSources: Sendable {
    public let environment: ProcessEnvironment
    public let settings: EffectiveSettings
    public let dockerConfigDirectory: String?
    public let options: CompletionOptions
    /// The bottom of the transport stack for an instance (TLS trust, timeouts).
    public let makeTransport: @Sendable (Instance) throws -> any HTTPTransport

    public init(environment: ProcessEnvironment, settings: EffectiveSettings, dockerConfigDirectory: String?, options: CompletionOptions? = nil, makeTransport: @escaping @Sendable (Instance) throws -> any HTTPTransport) {
        self.environment = environment
        self.settings = settings
        self.dockerConfigDirectory = dockerConfigDirectory
        self.options = options ?? CompletionOptions(settings: settings)
        self.makeTransport = makeTransport
    }

    public var defaultHost: String? { (try? settings.defaultInstance())?.host }

    public func referenceCompleter() -> ReferenceCompleter {
        ReferenceCompleter(defaultHost: defaultHost, defaultProject: settings.project) { host in catalog(for: host) }
    }

    /// The catalog of the account completion can use on `host`: the one whose credentials are
    /// readable without a helper, else (cache only) the one last listed there.
    public func catalog(for host: String) -> HarborCatalog? {
        let root = CompletionCache.root(environment: environment)
        let credentials = PromptFreeCredentials.lookup(host: host, environment: environment, dockerConfigDirectory: dockerConfigDirectory)
        guard let username = credentials?.username ?? CompletionCache.lastUser(root: root, host: host) else { return nil }
        let cache = CompletionCache(root: root, host: host, username: username)
        guard let credentials else { return HarborCatalog(cache: cache, options: options, makeClient: nil) }
        let makeTransport = self.makeTransport
        return HarborCatalog(cache: cache, options: options) { deadline in
            try Self.client(host: host, credentials: credentials, deadline: deadline, makeTransport: makeTransport)
        }
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
