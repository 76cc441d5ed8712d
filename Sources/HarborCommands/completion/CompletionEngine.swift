import ArgumentParser

/// Answers cobra's `__complete` requests by walking the command tree; flags come from the
/// commands' definitions (`FlagSet`), candidates that need Harbor's data from HarborCompletion.
public enum CompletionEngine {
    public static let helpFlag = CompletionCandidate("--help", "Show help")

    /// `words` are the arguments after the plugin name; the last one is being completed.
    public static func complete(root: any ParsableCommand.Type, words: [String], context: CommandContext) async -> CompletionResult {
        let toComplete = words.last ?? ""
        let node = CommandNode(type: root, context: context)
        let position = CompletionWords.locate(Array(words.dropLast()), root: node)
        let command = position.command.type
        let positionals = position.positionals
        func flags() -> FlagSet { position.command.flags() }
        let awaitingValue = position.awaitingValue
        let describing = command as? any CompletionDescribing.Type
        func values(_ flag: FlagSet.Flag, prefix: String) async -> CompletionResult {
            if let custom = await describing?.completeFlagValue("--" + flag.long, prefix: prefix, context: context) { return custom }
            return flags().valueCandidates(flag, prefix: prefix)
        }
        if let awaitingValue { return await values(awaitingValue, prefix: toComplete) }
        if toComplete.hasPrefix("-") {
            if toComplete.hasPrefix("--"), let equals = toComplete.firstIndex(of: "="), let flag = flags().flag(named: toComplete), flag.takesValue {
                let name = String(toComplete[..<equals])
                let result = await values(flag, prefix: String(toComplete[toComplete.index(after: equals)...]))
                return CompletionResult(result.candidates.map { CompletionCandidate(name + "=" + $0.value, $0.description) }, directive: result.directive)
            }
            return CompletionResult(flags().candidates(toComplete) + (helpFlag.value.hasPrefix(toComplete) ? [helpFlag] : []))
        }
        let subcommands = command.configuration.subcommands.filter { $0.configuration.shouldDisplay }
        if positionals == 0, !subcommands.isEmpty {
            let names = subcommands.compactMap { sub -> CompletionCandidate? in
                guard let name = sub.configuration.commandName, name.hasPrefix(toComplete) else { return nil }
                return CompletionCandidate(name, sub.configuration.abstract)
            }
            return CompletionResult(names)
        }
        guard let describing else { return CompletionResult([]) }
        return await describing.completePositional(positionals, prefix: toComplete, context: context)
    }
}

/// An ArgumentParser command as the word walk sees it; its flags are read once, when asked.
private struct CommandNode: CompletionCommandNode {
    let type: any ParsableCommand.Type
    let context: CommandContext
    private let read = FlagCache()

    init(type: any ParsableCommand.Type, context: CommandContext) {
        self.type = type
        self.context = context
    }

    func subcommand(named word: String) -> CommandNode? {
        type.configuration.subcommands
            .first { $0.configuration.commandName == word || $0.configuration.aliases.contains(word) }
            .map { CommandNode(type: $0, context: context) }
    }

    func flags() -> FlagSet {
        if let flags = read.flags { return flags }
        let flags = FlagSet(of: type, context: context)
        read.flags = flags
        return flags
    }

    private final class FlagCache { var flags: FlagSet? }
}
