import ArgumentParser

/// Answers cobra's `__complete` requests by walking the command tree; flags come from the
/// commands' definitions (`FlagSet`), candidates that need Harbor's data from HarborCompletion.
public enum CompletionEngine {
    public static let helpFlag = CompletionCandidate("--help", "Show help")

    /// `words` are the arguments after the plugin name; the last one is being completed.
    public static func complete(root: any ParsableCommand.Type, words: [String], context: CommandContext) async -> CompletionResult {
        let toComplete = words.last ?? ""
        let typed = Array(words.dropLast())
        var command: any ParsableCommand.Type = root
        // The flags of `command`, read when a word needs them: most TABs need none.
        var known: FlagSet?
        func flags() -> FlagSet {
            if let known { return known }
            let read = FlagSet(of: command, context: context)
            known = read
            return read
        }
        var positionals = 0
        var awaitingValue: FlagSet.Flag?
        var index = 0
        while index < typed.count {
            let word = typed[index]
            index += 1
            if word == "--" {
                positionals += typed.count - index
                break
            }
            if word.hasPrefix("-"), word.count > 1 {
                guard let flag = flags().flagTakingNextWord(word) else { continue }
                if index == typed.count { awaitingValue = flag }
                index += 1
            } else if positionals == 0, let sub = command.configuration.subcommands.first(where: { $0.configuration.commandName == word || $0.configuration.aliases.contains(word) }) {
                command = sub
                known = nil
            } else {
                positionals += 1
            }
        }
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
