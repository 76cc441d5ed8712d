import ArgumentParser
import HarborCore

let sharedSubcommands: [any ParsableCommand.Type] = [
    LoginCommand.self, LogoutCommand.self, StatusCommand.self, DoctorCommand.self, ProjectsCommand.self, ReposCommand.self, TagsCommand.self,
    ParseCommand.self, UseCommand.self, ConfigCommand.self, VersionCommand.self,
]

/// `docker harbor`: the Docker CLI plugin's command tree.
public struct DockerHarborCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "docker harbor",
        abstract: "Work with Harbor registries from Docker: short references, settings, checks.",
        discussion: """
            Short references like app:1 or PKEY/app:1 are completed from the default instance and \
            project: set them with 'docker harbor use CUSTOMER PKEY'.
            """,
        version: HarborVersion.current,
        subcommands: sharedSubcommands + [HooksCommand.self, DockerPullCommand.self, DockerPushCommand.self, DockerTagCommand.self, DockerRunCommand.self]
    )

    public init() {}
}

/// `helm harbor`: the Helm plugin's command tree.
public struct HelmHarborCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "helm harbor",
        abstract: "Work with Harbor registries from Helm: OCI chart references, settings, checks.",
        discussion: """
            Chart references may be written oci://HOST/PKEY/CHART, HOST/PKEY/CHART, or short as \
            PKEY/CHART, completed from the default instance: set it with 'helm harbor use CUSTOMER PKEY'.
            """,
        version: HarborVersion.current,
        subcommands: sharedSubcommands.flatMap { ObjectIdentifier($0) == ObjectIdentifier(TagsCommand.self) ? [$0, ChartsCommand.self] : [$0] } + [PushCommand.self]
    )

    public init() {}
}
