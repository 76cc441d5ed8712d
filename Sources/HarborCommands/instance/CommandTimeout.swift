import Foundation
import HarborCore

/// How long a command that talks to Harbor may take: `--timeout`, else `HARBOR_TIMEOUT`, else
/// 30 seconds. Both must be a whole number of seconds, at least 1, and either mistake is a usage
/// error: a pipeline that set `HARBOR_TIMEOUT=0` to mean "no limit" learns that it does not,
/// instead of failing every request at once or being silently given 30 s.
package enum CommandTimeout {
    static let defaultSeconds = 30

    /// The rule, as the messages for `--timeout` and `HARBOR_TIMEOUT` state it.
    static let rule = "a whole number of seconds, at least 1"

    /// A value that breaks the rule. ArgumentParser shows the description after
    /// "The value '0' is invalid for '--timeout <seconds>': ".
    struct Invalid: Error, CustomStringConvertible {
        var description: String { "expected \(CommandTimeout.rule)" }
    }

    /// The one check, for the flag's value and the variable's alike.
    @Sendable static func seconds(from text: String) throws -> Int {
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), value >= 1 else { throw Invalid() }
        return value
    }

    /// `flag` (already checked by the parser), else `HARBOR_TIMEOUT`, else the default.
    package static func seconds(flag: Int?, context: CommandContext) throws -> Int {
        if let flag { return flag }
        guard let text = context.environment["HARBOR_TIMEOUT"], !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            return defaultSeconds
        }
        do {
            return try seconds(from: text)
        } catch {
            throw CommandFailure(
                "the value '\(text)' is invalid for HARBOR_TIMEOUT: \(error)",
                hint: "set it to \(rule), or unset it for the default of \(defaultSeconds)",
                exitCode: .usage)
        }
    }
}
