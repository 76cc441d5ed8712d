import HarborCore

/// Where docker keeps config.json (docker/cli v28.2.2, cli/config/config.go `Dir`): the `--config`
/// directory, else `$DOCKER_CONFIG`, else `~/.docker`.
public struct DockerConfigLocation: Sendable, Equatable {
    public let directory: String

    /// `configFlag` is the value of docker's global `--config` option, when given.
    public init(configFlag: String? = nil, environment: ProcessEnvironment) {
        if let configFlag, !configFlag.isEmpty {
            directory = configFlag
        } else {
            directory = environment["DOCKER_CONFIG"] ?? environment.homeDirectory + "/.docker"
        }
    }

    public init(directory: String) { self.directory = directory }

    public var path: String { directory + "/config.json" }
}
