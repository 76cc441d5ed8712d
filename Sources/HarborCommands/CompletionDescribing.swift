import ArgumentParser

/// A command that tells the completion engine its flags and what its positional arguments take.
/// (Docker and Helm never use ArgumentParser's own completion scripts; they speak cobra's
/// `__complete` protocol, which `CompletionEngine` answers from these descriptions.)
public protocol CompletionDescribing {
    /// Flags with their help, e.g. `--format`; `valueFlags` names the ones that take a value.
    static var completionFlags: [CompletionCandidate] { get }
    static var valueFlags: Set<String> { get }
    /// Candidates for the positional argument at `index` (0-based) starting with `prefix`.
    static func completePositional(_ index: Int, prefix: String, context: CommandContext) -> CompletionResult
}

extension CompletionDescribing {
    public static var completionFlags: [CompletionCandidate] { [] }
    public static var valueFlags: Set<String> { [] }
    public static func completePositional(_ index: Int, prefix: String, context: CommandContext) -> CompletionResult {
        CompletionResult([])
    }
}

/// Answers cobra's `__complete` requests by walking the command tree.
public enum CompletionEngine {
    public static let helpFlag = CompletionCandidate("--help", "Show help")

    /// `words` are the arguments after the plugin name; the last one is being completed.
    public static func complete(root: any ParsableCommand.Type, words: [String], context: CommandContext) -> CompletionResult {
        let toComplete = words.last ?? ""
        var command: any ParsableCommand.Type = root
        var positionals = 0
        var index = 0
        let typed = words.dropLast()
        while index < typed.count {
            let word = typed[typed.startIndex + index]
            if word.hasPrefix("-") {
                let describing = command as? any CompletionDescribing.Type
                if let describing, describing.valueFlags.contains(word), !word.contains("=") { index += 1 }
            } else if positionals == 0, let sub = command.configuration.subcommands.first(where: { $0.configuration.commandName == word || $0.configuration.aliases.contains(word) }) {
                command = sub
            } else {
                positionals += 1
            }
            index += 1
        }
        // A value for a flag: nothing to offer but the flag's own completions (none yet).
        if let previous = typed.last, let describing = command as? any CompletionDescribing.Type,
           describing.valueFlags.contains(previous) {
            return describing.completePositional(-1, prefix: toComplete, context: context)
        }
        if toComplete.hasPrefix("-") {
            let flags = ((command as? any CompletionDescribing.Type)?.completionFlags ?? []) + [helpFlag]
            return CompletionResult(flags.filter { $0.value.hasPrefix(toComplete) })
        }
        let subcommands = command.configuration.subcommands.filter { $0.configuration.shouldDisplay }
        if positionals == 0, !subcommands.isEmpty {
            let names = subcommands.compactMap { sub -> CompletionCandidate? in
                guard let name = sub.configuration.commandName, name.hasPrefix(toComplete) else { return nil }
                return CompletionCandidate(name, sub.configuration.abstract)
            }
            return CompletionResult(names)
        }
        guard let describing = command as? any CompletionDescribing.Type else { return CompletionResult([]) }
        return describing.completePositional(positionals, prefix: toComplete, context: context)
    }
}
