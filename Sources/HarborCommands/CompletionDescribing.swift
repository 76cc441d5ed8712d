import Foundation
import ArgumentParser

/// A command that tells the completion engine its flags and what its positional arguments take.
/// (Docker and Helm never use ArgumentParser's own completion scripts; they speak cobra's
/// `__complete` protocol, which `CompletionEngine` answers from these descriptions.)
public protocol CompletionDescribing {
    /// Flags with their help, e.g. `--format`; `valueFlags` names the ones that take a value.
    static var completionFlags: [CompletionCandidate] { get }
    static var valueFlags: Set<String> { get }
    /// Candidates for the positional argument at `index` (0-based) starting with `prefix`.
    static func completePositional(_ index: Int, prefix: String, context: CommandContext) async -> CompletionResult
    /// Candidates for the value of `flag` (one of `valueFlags`).
    static func completeFlagValue(_ flag: String, prefix: String, context: CommandContext) async -> CompletionResult
}

extension CompletionDescribing {
    public static var completionFlags: [CompletionCandidate] { [] }
    public static var valueFlags: Set<String> { [] }
    public static func completePositional(_ index: Int, prefix: String, context: CommandContext) async -> CompletionResult {
        CompletionResult([])
    }
    public static func completeFlagValue(_ flag: String, prefix: String, context: CommandContext) async -> CompletionResult {
        await completePositional(-1, prefix: prefix, context: context)
    }
}

/// Answers cobra's `__complete` requests by walking the command tree; the candidates that need
/// Harbor's data come from HarborCompletion.
public enum CompletionEngine {
    public static let helpFlag = CompletionCandidate("--help", "Show help")

    /// `words` are the arguments after the plugin name; the last one is being completed.
    public static func complete(root: any ParsableCommand.Type, words: [String], context: CommandContext) async -> CompletionResult {
        let toComplete = words.last ?? ""
        var command: any ParsableCommand.Type = root
        var positionals = 0
        var index = 0
        let typed = words.dropLast()
        while index < typed.count {
            let word = typed[typed.startIndex + index]
            if word.hasPrefix("-") {
                let takesValue = (command as? any CompletionDescribing.Type)?.valueFlags.contains(word) ?? false
                if takesValue, !word.contains("=") { index += 1 }
            } else if positionals == 0, let sub = command.configuration.subcommands.first(where: { $0.configuration.commandName == word || $0.configuration.aliases.contains(word) }) {
                command = sub
            } else {
                positionals += 1
            }
            index += 1
        }
        let describing = command as? any CompletionDescribing.Type
        if let previous = typed.last, let describing, describing.valueFlags.contains(previous) {
            return await describing.completeFlagValue(previous, prefix: toComplete, context: context)
        }
        if toComplete.hasPrefix("-") {
            if let describing, let equals = toComplete.firstIndex(of: "="), describing.valueFlags.contains(String(toComplete[..<equals])) {
                let flag = String(toComplete[..<equals])
                let result = await describing.completeFlagValue(flag, prefix: String(toComplete[toComplete.index(after: equals)...]), context: context)
                return CompletionResult(result.candidates.map { CompletionCandidate(flag + "=" + $0.value, $0.description) }, directive: result.directive)
            }
            let flags = (describing?.completionFlags ?? []) + [helpFlag]
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
        guard let describing else { return CompletionResult([]) }
        return await describing.completePositional(positionals, prefix: toComplete, context: context)
    }
}
