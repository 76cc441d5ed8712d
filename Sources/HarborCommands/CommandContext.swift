import HarborCore

/// Everything a command needs from the outside, handed in so tests can run commands in-process
/// with their own HOME, environment and captured output.
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
    /// docker's global flags typed before `harbor` (`--config`, `-c`, `-H`, `-D`, `-l`, TLS flags),
    /// passed on when a command runs docker.
    public var dockerGlobalArguments: [String] = []

    public init(flavor: PluginFlavor, environment: ProcessEnvironment, output: Output = .standard, input: InputSource = .standard, dockerConfigDirectory: String? = nil, debug: Bool = false, network: NetworkAccess = .unconfigured) {
        self.flavor = flavor
        self.environment = environment
        self.output = output
        self.input = input
        self.dockerConfigDirectory = dockerConfigDirectory
        self.debug = debug
        self.network = network
    }

    @TaskLocal public static var current = CommandContext(flavor: .docker, environment: .current, network: .live)

    /// The settings in effect for this run.
    public func settings() throws -> EffectiveSettings {
        try EffectiveSettings.load(environment: environment)
    }
}
