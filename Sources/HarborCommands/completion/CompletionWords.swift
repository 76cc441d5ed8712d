/// A command in the tree a TAB walks: its subcommands by name or alias, and its flags (read
/// only when a word needs them: most TABs need none).
protocol CompletionCommandNode {
    func subcommand(named word: String) -> Self?
    func flags() -> FlagSet
}

/// Where the typed words of a `__complete` request lead, before the last word (the one being
/// completed) is looked at.
struct CompletionPosition<Node: CompletionCommandNode> {
    /// The deepest command the words name.
    var command: Node
    /// Words that are neither flags, flag values nor subcommand names (all words after `--`).
    var positionals: Int
    /// The flag whose value the word being completed is (`--format <TAB>`, `-ie <TAB>`).
    var awaitingValue: FlagSet.Flag?
}

/// cobra's reading of the words before the cursor (spf13/cobra completions.go
/// `getCompletions` and pflag's parse, v1.9.1): a leading word that names a subcommand descends
/// into it until the first positional; a flag that takes a value consumes the next word (pflag:
/// `--flag value`, a short cluster whose last letter takes a value); `--` ends the flags, and
/// every word after it is positional. Unknown flags are skipped, as cobra's completion does.
enum CompletionWords {
    static func locate<Node: CompletionCommandNode>(_ typed: [String], root: Node) -> CompletionPosition<Node> {
        var command = root
        var known: FlagSet?
        func flags() -> FlagSet {
            if let known { return known }
            let read = command.flags()
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
            } else if positionals == 0, let sub = command.subcommand(named: word) {
                command = sub
                known = nil
            } else {
                positionals += 1
            }
        }
        return CompletionPosition(command: command, positionals: positionals, awaitingValue: awaitingValue)
    }
}
