import ArgumentParser
import HarborCredentials

/// `docker harbor hooks enable|disable`: registers the plugin's hints for `docker login`, `pull`
/// and `push` in docker's config.json (docker/cli v28.2.2, cli/command/cli.go `HooksEnabled`,
/// cli-plugins/manager/hooks.go): `features.hooks` and `plugins.harbor.hooks`, both strings.
struct HooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hooks",
        abstract: "Show Harbor hints after failed docker login, pull and push",
        discussion: """
            With hooks enabled, docker asks docker-harbor after 'docker login', 'docker pull' and \
            'docker push'; when one of them fails against a Harbor host with an authentication or \
            permission error, docker prints a short hint (an expired CLI secret, a role that does \
            not allow pushing). Docker shows hints only when its output is a terminal.
            """,
        subcommands: [Enable.self, Disable.self]
    )

    /// The docker commands the plugin's hook is registered for.
    static let hookedCommands = ["login", "pull", "push"]

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "enable", abstract: "Turn on docker's plugin hooks and register the Harbor hints")

        func run() async throws {
            let context = CommandContext.current
            let docker = DockerPassthrough.dockerExecutable(context)
            let version = try? DockerPassthrough.capture(docker, ["version", "--format", "{{.Client.Version}}"], context: context)
            let key = HookConfigKey.choose(clientVersion: version)
            let edit = DockerConfigEdit(context: context)
            try edit.apply { contents, document throws(JSONEditError) in
                try document.set(.string("true"), at: ["features", "hooks"])
                // Keep hooks the user registered for other commands, under either key.
                func entries(_ key: HookConfigKey) -> [String] {
                    (contents.document.node(at: ["plugins", DockerInvocation.pluginName, key.rawValue])?.stringValue ?? "")
                        .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                }
                var chosen = entries(key)
                for command in HooksCommand.hookedCommands where !chosen.contains(command) { chosen.append(command) }
                try document.set(.string(chosen.joined(separator: ",")), at: ["plugins", DockerInvocation.pluginName, key.rawValue])
                // Ours out of the other key: `hooks` would run the plugin after every success too.
                let others = entries(key.other).filter { !HooksCommand.hookedCommands.contains($0) }
                if others.isEmpty {
                    document.remove(at: ["plugins", DockerInvocation.pluginName, key.other.rawValue])
                } else {
                    try document.set(.string(others.joined(separator: ",")), at: ["plugins", DockerInvocation.pluginName, key.other.rawValue])
                }
            }
            let client = version.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 } ?? "unknown"
            context.output.print("Harbor hints enabled in \(edit.file.path) for docker \(HooksCommand.hookedCommands.joined(separator: ", ")).")
            context.output.print(
                key == .errorHooks
                    ? "docker \(client) runs them only when a command fails (plugins.harbor.error-hooks)."
                    : "docker \(client) has no error-hooks (29.3+): plugins.harbor.hooks runs the plugin after every such command.")
            if let value = context.environment["DOCKER_CLI_HOOKS"] ?? context.environment["DOCKER_CLI_HINTS"],
               !["1", "t", "T", "true", "TRUE", "True"].contains(value) {
                context.output.printError("Warning: DOCKER_CLI_HOOKS/DOCKER_CLI_HINTS=\(value) is set and turns hooks off for docker.")
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disable", abstract: "Unregister the Harbor hints (docker's hooks setting is left alone)")

        func run() async throws {
            let context = CommandContext.current
            let edit = DockerConfigEdit(context: context)
            try edit.apply { _, document throws(JSONEditError) in
                document.remove(at: ["plugins", DockerInvocation.pluginName, HookConfigKey.hooks.rawValue])
                document.remove(at: ["plugins", DockerInvocation.pluginName, HookConfigKey.errorHooks.rawValue])
            }
            context.output.print("Harbor hints disabled in \(edit.file.path); features.hooks stays as it is for other plugins.")
        }
    }
}
