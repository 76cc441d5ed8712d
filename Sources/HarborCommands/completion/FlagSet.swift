/// The flags of one command, as a TAB and an argument scan need them: names, whether a flag
/// takes a value, its help, and what its value completes to. Read from the definitions that also
/// print the command's help: ArgumentParser's for our commands (`init(_:)`), docker's own
/// `--help` for the docker commands we wrap (`DockerFlagSpec`), both in FlagSet+Definitions.swift.
/// Never written out by hand. This file reads words only (no ArgumentParser), so the fuzzer
/// Fuzz/Targets/CompletionWordsFuzz.swift compiles it on its own.
struct FlagSet: Equatable, Sendable {
    struct Flag: Equatable, Sendable {
        /// Without dashes: `format`, `q`.
        var long: String
        var short: String?
        var takesValue: Bool
        /// The help text, first line as cobra shows it beside a candidate.
        var help: String
        /// Every value it accepts, when the definition enumerates them (`--format text|json`).
        var values: [String] = []
        /// Whether its value is a file name (the shell's own file completion).
        var completesFiles = false
    }

    var flags: [Flag]

    /// The flag `word` names: `--format`, `--format=json`, `-q` (nil for a cluster like `-qf`).
    func flag(named word: String) -> Flag? {
        if word.hasPrefix("--") {
            let name = word.dropFirst(2).prefix { $0 != "=" }
            return flags.first { $0.long == name }
        }
        guard word.hasPrefix("-"), word.count == 2 else { return nil }
        let letter = String(word.dropFirst())
        return flags.first { $0.short == letter }
    }

    /// The flag whose value is the word after `word`: a long flag with a value and no `=`, or in a
    /// cluster of short flags the first value-taking letter when it comes last (`-it` takes no
    /// value, `-ie VAR` does; pflag's rule: that letter takes the rest of the word if there is any).
    func flagTakingNextWord(_ word: String) -> Flag? {
        if word.hasPrefix("--") {
            guard !word.contains("="), let flag = flag(named: word), flag.takesValue else { return nil }
            return flag
        }
        guard word.hasPrefix("-"), word.count > 1 else { return nil }
        let letters = Array(word.dropFirst())
        for (offset, letter) in letters.enumerated() {
            guard let flag = flags.first(where: { $0.short == String(letter) && $0.takesValue }) else { continue }
            return offset == letters.count - 1 ? flag : nil
        }
        return nil
    }

    func consumesNextWord(_ word: String) -> Bool { flagTakingNextWord(word) != nil }

    /// cobra's candidates for a word starting with `-` (spf13/cobra completions.go
    /// `getFlagNameCompletions`, v1.9.1): every `--long` the word begins, and `-s` shorthands
    /// when the word is a single dash or that shorthand; in pflag's order, sorted by long name.
    func candidates(_ prefix: String) -> [CompletionCandidate] {
        var result: [CompletionCandidate] = []
        for flag in flags.sorted(by: { $0.long < $1.long }) {
            let long = "--" + flag.long
            if long.hasPrefix(prefix) { result.append(CompletionCandidate(long, flag.help)) }
            if let short = flag.short.map({ "-" + $0 }), short.hasPrefix(prefix) { result.append(CompletionCandidate(short, flag.help)) }
        }
        return result
    }

    /// What a value of `flag` completes to, as its definition says: its enumerated values, file
    /// names, or nothing.
    func valueCandidates(_ flag: Flag, prefix: String) -> CompletionResult {
        if !flag.values.isEmpty { return CompletionResult(flag.values.filter { $0.hasPrefix(prefix) }.map { CompletionCandidate($0) }) }
        return CompletionResult([], directive: flag.completesFiles ? [] : .noFileCompletion)
    }
}
