import ArgumentParser

/// A request for help in the arguments after `harbor`: `-h`/`--help` anywhere before `--`, or
/// ArgumentParser's `help [SUBCOMMAND…]`. Answered in docker's or helm's layout instead of
/// ArgumentParser's, from the same command definitions.
enum HelpRequest {
    /// The docker commands we wrap (`DockerWrappingCommand`): their help is docker's.
    static let passthroughCommands = Set(DockerHarborCommand.configuration.subcommands.compactMap { ($0 as? any DockerWrappingCommand.Type)?.verb.rawValue })

    /// The subcommand names leading to the command whose help is asked for, or nil when the
    /// arguments ask for no help.
    static func commandPath(_ arguments: [String], root: CommandHelpModel) -> [String]? {
        let words = Array(arguments.prefix { $0 != "--" })
        var candidates: [String]
        if words.first == "help" {
            candidates = Array(words.dropFirst())
        } else if words.contains("-h") || words.contains("--help") {
            candidates = words
        } else {
            return nil
        }
        var path: [String] = []
        var node = root
        for word in candidates {
            if word.hasPrefix("-") { continue }
            guard let next = node.subcommands?.first(where: { $0.commandName == word && $0.commandName != "help" }) else { break }
            path.append(word)
            node = next
        }
        // docker's commands wrapped with short references: their arguments are docker's (`run
        // IMAGE ls --help`); only a lone `--help` is ours.
        if path.count == 1, passthroughCommands.contains(path[0]), words.first != "help",
           words.dropFirst().filter({ $0 != "-h" && $0 != "--help" }).count > 0 || words.first != path[0] {
            return nil
        }
        return path
    }

    /// The help text in `flavor`'s layout, or nil when the arguments ask for no help.
    static func render(_ arguments: [String], root: any ParsableCommand.Type, flavor: PluginFlavor, context: CommandContext? = nil) -> String? {
        guard arguments.contains(where: { $0 == "-h" || $0 == "--help" }) || arguments.first == "help",
              let model = CommandHelpModel.load(root: root),
              let path = commandPath(arguments, root: model),
              let command = model.descendant(path)
        else { return nil }
        let typed = ([flavor.commandPath] + path).joined(separator: " ")
        if flavor == .docker, path.count == 1, passthroughCommands.contains(path[0]), let context {
            return DockerPassthroughHelp.render(command, verb: path[0], context: context)
        }
        switch flavor {
        case .docker: return DockerHelpRenderer.render(command, path: typed)
        case .helm: return HelmHelpRenderer.render(command, path: typed)
        }
    }
}
