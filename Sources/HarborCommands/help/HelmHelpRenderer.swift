/// Help in the layout of helm's own commands (cobra v1.9 default templates, as Helm 3 and 4
/// print them): the description, `Usage:` with `[flags]`/`[command]`, `Available Commands:`,
/// `Flags:` (with `-h, --help`), `Global Flags:` for the helm flags the plugin honours through
/// Helm's environment, and the closing `Use "… [command] --help" …` line.
enum HelmHelpRenderer {
    /// Helm's global flags that reach the plugin as environment variables and change what it does
    /// (helm/helm pkg/cli/environment.go `EnvVars`, v3.21.4 and v4.2.4: `--debug` → HELM_DEBUG,
    /// `--registry-config` → HELM_REGISTRY_CONFIG).
    static let globalFlags = FlagTable(rows: [
        .init(short: nil, long: "debug", valueName: nil, help: "enable verbose output"),
        .init(short: nil, long: "registry-config", valueName: "string", help: "path to the registry config file"),
    ])

    static func render(_ command: CommandHelpModel, path: String) -> String {
        let subcommands = command.visibleSubcommands
        var sections: [String] = []
        var description = command.abstract ?? ""
        if let discussion = command.discussion, !discussion.isEmpty { description += "\n\n" + TextWrap.wrap(discussion, width: 80) }
        sections.append(description)

        var usage = "Usage:"
        if subcommands.isEmpty {
            var line = "  " + path
            for positional in command.positionals {
                let name = positional.valueName ?? "arg"
                let word = positional.isRepeating ? "\(name)..." : name
                line += positional.isOptional ? " [\(word)]" : " \(word)"
            }
            usage += "\n" + line + " [flags]"
        } else {
            usage += "\n  \(path) [command]"
        }
        sections.append(usage)

        if !subcommands.isEmpty {
            let padding = max(11, subcommands.map(\.commandName.count).max() ?? 0)
            sections.append("Available Commands:\n" + subcommands.map { sub in
                "  " + sub.commandName.padding(toLength: padding, withPad: " ", startingAt: 0) + " " + (sub.abstract ?? "")
            }.joined(separator: "\n"))
        }
        var flags = DockerHelpRenderer.table(command.visibleOptions)
        let name = path.split(separator: " ").last.map(String.init) ?? path
        flags.rows.append(.init(short: "h", long: "help", valueName: nil, help: "help for \(name)"))
        sections.append("Flags:\n" + flags.rendered(width: nil))
        sections.append("Global Flags:\n" + globalFlags.rendered(width: nil))
        if !subcommands.isEmpty {
            sections.append("Use \"\(path) [command] --help\" for more information about a command.")
        }
        return sections.map(\.trailingSpacesTrimmed).joined(separator: "\n\n") + "\n"
    }
}
