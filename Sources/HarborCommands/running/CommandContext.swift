import HarborCore
import HarborCredentials
import HarborRegistry

/// Everything a command needs from the outside, handed in so tests can run commands in-process
/// with their own HOME, environment, clock and captured output. What a test does not choose
/// is closed, not live: no network (`NetworkAccess.unconfigured` refuses loudly) and no input
/// (`InputSource.none`: not a terminal, nothing to read).
public struct CommandContext: Sendable {
    public var flavor: PluginFlavor
    public var environment: ProcessEnvironment
    public var output: Output
    public var input: InputSource
    /// docker's `--config DIR` given before `harbor` (docker does not export it).
    public var dockerConfigDirectory: String?
    /// docker's `-D` or Helm's `HELM_DEBUG=true`.
    public var debug: Bool
    /// How commands reach Harbor (`.live` in the plugins; tests choose).
    public var network: NetworkAccess
    /// What time it is (`.system` in the plugins; tests may fix it).
    public var clock: WallClock
    /// docker's global flags typed before `harbor` (`--config`, `-c`, `-H`, `-D`, `-l`, TLS flags),
    /// passed on when a command runs docker.
    public var dockerGlobalArguments: [String] = []

    public init(
        flavor: PluginFlavor, environment: ProcessEnvironment, output: Output = .standard, input: InputSource = .none,
        dockerConfigDirectory: String? = nil, debug: Bool = false, network: NetworkAccess = .unconfigured, clock: WallClock = .system
    ) {
        self.flavor = flavor
        self.environment = environment
        self.output = output
        self.input = input
        self.dockerConfigDirectory = dockerConfigDirectory
        self.debug = debug
        self.network = network
        self.clock = clock
    }

    @TaskLocal public static var current = CommandContext(flavor: .docker, environment: .current)

    /// The settings in effect for this run.
    public func settings() throws -> EffectiveSettings {
        try EffectiveSettings.load(environment: environment)
    }

    /// The one credential chain (`CredentialChain`), with this run's environment, docker's
    /// `--config` and the default instance of `settings`.
    func credentialChain(_ settings: EffectiveSettings) -> CredentialChain {
        CredentialChain(environment: environment, dockerConfigDirectory: dockerConfigDirectory, settings: settings)
    }

    /// Whose reading of the stores counts: docker's for `docker harbor`, Helm's for `helm harbor`.
    var credentialConsumer: CredentialChain.Consumer { flavor == .helm ? .helm : .docker }

    /// The credentials for `host` from the chain, or the failure to show. `instanceWord` is how
    /// the user names the instance in the login hint (a customer name rather than the host).
    func credentials(for host: String, settings: EffectiveSettings, instanceWord: String? = nil, for consumer: CredentialChain.Consumer? = nil) throws -> ResolvedCredential {
        do {
            return try credentialChain(settings).require(host, for: consumer ?? credentialConsumer)
        } catch {
            throw CredentialChainFailure.failure(error, context: self, instanceWord: instanceWord)
        }
    }

    /// Where login stores and logout removes, for this run.
    func credentialPlacement(docker: Bool, helm: Bool, fileStore: Bool = false) -> CredentialPlacement {
        CredentialPlacement(environment: environment, dockerConfigDirectory: dockerConfigDirectory, docker: docker, helm: helm, fileStore: fileStore)
    }
}
