/// Help in the layout of docker's own commands (docker/cli v28.2.2, cli/cobra.go
/// `usageTemplate` and `helpTemplate`): `Usage:  docker harbor login [OPTIONS] [INSTANCE]`, the
/// description, `Options:` in pflag's columns (help and version flags hidden, as docker hides
/// them), `Commands:` padded like cobra, and the closing `Run '… COMMAND --help' …` line.
enum DockerHelpRenderer {
    /// `path` is how the user types the command, e.g. `docker harbor login`.
    static func render(_ command: CommandHelpModel, path: String, width: Int = 80) -> String {
        let subcommands = command.visibleSubcommands
        let options = command.visibleOptions
        var usage = "Usage:  " + path
        if !options.isEmpty { usage += " [OPTIONS]" }
        if !subcommands.isEmpty {
            usage += " COMMAND"
        } else {
            for positional in command.positionals {
                let name = (positional.valueName ?? "arg").uppercased()
                let word = positional.isRepeating ? "\(name) [\(name)...]" : name
                usage += positional.isOptional ? " [\(word)]" : " \(word)"
            }
        }
        var sections = [usage, description(command, width: width)]
        if !options.isEmpty {
            // docker passes the terminal width less one (cli/cobra.go `wrappedFlagUsages`).
            sections.append("Options:\n" + table(options).rendered(width: width - 1))
        }
        if !subcommands.isEmpty {
            let padding = max(11, subcommands.map(\.commandName.count).max() ?? 0)
            let lines = subcommands.map { sub in
                "  " + sub.commandName.padding(toLength: padding, withPad: " ", startingAt: 0) + " " + (sub.abstract ?? "")
            }
            sections.append("Commands:\n" + lines.joined(separator: "\n"))
            sections.append("Run '\(path) COMMAND --help' for more information on a command.")
        }
        return sections.map(\.trailingSpacesTrimmed).joined(separator: "\n\n") + "\n"
    }

    /// The one-line description, then the discussion wrapped to the width, as cobra prints `Long`.
    static func description(_ command: CommandHelpModel, width: Int) -> String {
        var text = command.abstract ?? ""
        if let discussion = command.discussion, !discussion.isEmpty {
            text += "\n" + TextWrap.wrap(discussion, width: width)
        }
        return text
    }

    static func table(_ options: [CommandHelpModel.Argument]) -> FlagTable {
        FlagTable(rows: options.compactMap { option in
            guard let long = option.longName else { return nil }
            var help = option.abstract ?? ""
            if let value = option.defaultValue, !value.isEmpty, option.kind == "option" { help += " (default \"\(value)\")" }
            return FlagTable.Row(short: option.shortName, long: long, valueName: option.kind == "option" ? (option.valueName ?? "string") : nil, help: help)
        })
    }
}
