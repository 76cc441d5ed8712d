import Foundation
import HarborCore

/// A docker command's flags, read from that docker's own help (`docker pull --help`): in
/// pflag's layout (spf13/pflag flag.go `FlagUsagesWrapped`, v1.0.6) a flag with a value shows
/// its type after the name (`      --platform string   Set platform…`), a boolean flag shows
/// none, and a long help continues on lines indented to the help column. Asking docker keeps us
/// right for every docker version and every flag, without a copy of docker's flag tables: the
/// wrapped commands (`docker harbor pull|push|tag|run`) use it to find the references among
/// the arguments and to complete the flags.
package struct DockerFlagSpec: Equatable, Sendable {
    var flags: FlagSet

    /// `--platform`, `-e`, … (both spellings of each flag with a value).
    package var valueFlags: Set<String> {
        Set(flags.flags.filter(\.takesValue).flatMap { flag in ["--" + flag.long] + (flag.short.map { ["-" + $0] } ?? []) })
    }

    package static func parse(help: String) -> DockerFlagSpec {
        var flags: [FlagSet.Flag] = []
        var inOptions = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasSuffix(":"), !line.hasPrefix(" ") { inOptions = line == "Options:" || line == "Flags:"; continue }
            guard inOptions else { continue }
            let indent = line.prefix { $0 == " " }.count
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let first = words.first else { continue }
            // pflag starts a flag at column 2 (`  -q, --quiet`) or 6 (`      --all`); deeper
            // lines continue the help above them.
            guard first.hasPrefix("-"), indent == 2 || indent == 6 else {
                if !flags.isEmpty { flags[flags.count - 1].help += " " + line.trimmingCharacters(in: .whitespaces) }
                continue
            }
            var index = 0
            var short: String?
            if first.hasSuffix(","), words.count > 1 {
                short = String(first.dropFirst().dropLast())
                index = 1
            }
            guard words[index].hasPrefix("--") else { continue }
            // The type word follows the name after exactly one space; the help after two or more.
            let afterName = line.range(of: String(words[index]))!.upperBound
            var rest = line[afterName...]
            let takesValue = rest.hasPrefix(" ") && !rest.hasPrefix("  ") && rest.count > 1
            if takesValue { rest = rest.dropFirst().drop { $0 != " " } }
            flags.append(FlagSet.Flag(
                long: String(words[index].dropFirst(2)), short: short, takesValue: takesValue,
                help: rest.trimmingCharacters(in: .whitespaces)))
        }
        return DockerFlagSpec(flags: FlagSet(flags: flags.map { flag in
            var flag = flag
            flag.help = usage(flag.help)
            return flag
        }))
    }

    /// What pflag was given as the usage: the help without the ` (default …)` it appends.
    static func usage(_ help: String) -> String {
        guard help.hasSuffix(")"), let start = help.range(of: " (default ", options: .backwards) else { return help }
        return String(help[..<start.lowerBound])
    }

    /// The flags of `docker VERB`, asked of the docker that ran us (with docker's global flags
    /// from before `harbor`, so that `--config` and `--context` are the user's).
    static func read(_ verb: DockerPassthrough.Verb, context: CommandContext) throws -> DockerFlagSpec {
        let docker = DockerPassthrough.dockerExecutable(context)
        return parse(help: try DockerPassthrough.capture(docker, context.dockerGlobalArguments + [verb.rawValue, "--help"], context: context))
    }

    /// The indices of the positional arguments in `arguments` (flags and their values skipped;
    /// everything after `--` or after `stopAfter` positionals is left alone).
    package func positionalIndices(_ arguments: [String], stopAfter limit: Int) -> [Int] {
        var indices: [Int] = []
        var index = 0
        while index < arguments.count, indices.count < limit {
            let argument = arguments[index]
            if argument == "--" {
                if index + 1 < arguments.count { indices.append(index + 1) }
                break
            }
            if argument.hasPrefix("-"), argument.count > 1 {
                if flags.consumesNextWord(argument) { index += 1 }
            } else {
                indices.append(index)
            }
            index += 1
        }
        return indices
    }
}
