import Foundation
import HarborCore

/// How long a command that talks to Harbor may take: `--timeout`, else `HARBOR_TIMEOUT`, else
/// 30 seconds. A `HARBOR_TIMEOUT` that is not a whole number of seconds, at least 1, is a usage
/// error, as the same value given to `--timeout` is: a pipeline that set `HARBOR_TIMEOUT=0` to
/// mean "no limit" learns that it does not, instead of failing every request at once or being
/// silently given 30 s.
enum CommandTimeout {
    static let defaultSeconds = 30

    static func seconds(flag: Int?, context: CommandContext) throws -> Int {
        if let flag { return flag }
        guard let text = context.environment["HARBOR_TIMEOUT"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            return defaultSeconds
        }
        guard let value = Int(text), value >= 1 else {
            throw CommandFailure(
                "HARBOR_TIMEOUT=\(text) is not a number of seconds",
                hint: "set it to a whole number of seconds, at least 1, or unset it for the default of \(defaultSeconds)",
                exitCode: .usage)
        }
        return value
    }
}
