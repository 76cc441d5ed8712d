import Foundation
import HarborCore

/// Which of a docker command's flags take a value, read from that docker's own help
/// (`docker pull --help`): in pflag's layout a flag with a value shows its type after the name
/// (`      --platform string   Set platform…`), a boolean flag shows none. Asking docker keeps
/// us right for every docker version and every flag, without a copy of docker's flag tables.
struct DockerFlagSpec: Equatable, Sendable {
    /// `--platform`, `-e`, … (both spellings of each flag with a value).
    var valueFlags: Set<String>

    static func parse(help: String) -> DockerFlagSpec {
        var flags: Set<String> = []
        var inOptions = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasSuffix(":"), !line.hasPrefix(" ") { inOptions = line == "Options:" || line == "Flags:"; continue }
            guard inOptions else { continue }
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let first = words.first, first.hasPrefix("-") else { continue }
            var index = 0
            var names: [String] = []
            if first.hasSuffix(","), words.count > 1 {
                names.append(String(first.dropLast()))
                index = 1
            }
            guard words[index].hasPrefix("--") else { continue }
            names.append(String(words[index]))
            // The type word follows the name after exactly one space; the help after two or more.
            let afterName = line.range(of: String(words[index]))!.upperBound
            let rest = line[afterName...]
            if rest.hasPrefix(" "), !rest.hasPrefix("  "), rest.count > 1 {
                flags.formUnion(names)
            }
        }
        return DockerFlagSpec(valueFlags: flags)
    }

    /// The indices of the positional arguments in `arguments` (flags and their values skipped;
    /// everything after `--` or after `stopAfter` positionals is left alone).
    func positionalIndices(_ arguments: [String], stopAfter limit: Int) -> [Int] {
        var indices: [Int] = []
        var index = 0
        while index < arguments.count, indices.count < limit {
            let argument = arguments[index]
            if argument == "--" {
                if index + 1 < arguments.count { indices.append(index + 1) }
                break
            }
            if argument.hasPrefix("--") {
                if !argument.contains("="), valueFlags.contains(argument) { index += 1 }
            } else if argument.hasPrefix("-"), argument.count > 1 {
                // A cluster of short flags: the first one that takes a value takes the rest, or the next word.
                let letters = Array(argument.dropFirst())
                for (offset, letter) in letters.enumerated() where valueFlags.contains("-\(letter)") {
                    if offset == letters.count - 1 { index += 1 }
                    break
                }
            } else {
                indices.append(index)
            }
            index += 1
        }
        return indices
    }
}
