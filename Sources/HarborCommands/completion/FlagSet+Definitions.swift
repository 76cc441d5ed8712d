import ArgumentParser

extension FlagSet {
    /// The options and flags of an ArgumentParser command as its help shows them
    /// (`CommandHelpModel.visibleOptions`: hidden ones and the generated help/version left out).
    init(_ command: CommandHelpModel) {
        flags = command.visibleOptions.compactMap { option in
            guard let long = option.longName else { return nil }
            return Flag(
                long: long, short: option.shortName, takesValue: option.kind == "option",
                help: Self.candidateHelp(option.abstract ?? ""), values: option.allValues ?? [],
                completesFiles: option.completionKind?.file != nil)
        }
    }

    /// A help sentence as docker's flag descriptions read beside a candidate: without the
    /// closing full stop.
    static func candidateHelp(_ help: String) -> String {
        help.hasSuffix(".") ? String(help.dropLast()) : help
    }
}

extension FlagSet {
    /// The flags of `command`: docker's for the docker commands we wrap (one `docker VERB
    /// --help`), else ArgumentParser's definition of this command alone (`_dumpHelp()`).
    /// Unreadable definitions give no flags: a TAB offers less, it never fails.
    init(of command: any ParsableCommand.Type, context: CommandContext) {
        if let wrapping = command as? any DockerWrappingCommand.Type {
            self = (try? DockerFlagSpec.read(wrapping.verb, context: context))?.flags ?? FlagSet(flags: [])
        } else {
            self = CommandHelpModel.load(command: command).map(FlagSet.init) ?? FlagSet(flags: [])
        }
    }
}
