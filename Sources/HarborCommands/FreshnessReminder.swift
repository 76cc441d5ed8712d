import Foundation
import HarborCore
import HarborCredentials

/// Before a command runs: once a day, a word for each personal login whose secret last worked
/// more than 25 days ago — the secret dies 30 days after the last Harbor UI login, and after that
/// every tool only says "unauthorized".
enum FreshnessReminder {
    static func remind(_ context: CommandContext, now: Date = Date()) {
        let file = CredentialFreshnessFile(environment: context.environment)
        let robotPrefixes = (try? context.settings().robotPrefixes) ?? EffectiveSettings.defaultRobotPrefixes
        for (host, username) in file.knownLogins() where !AccountKind(username: username, robotPrefixes: robotPrefixes).isRobot {
            guard let warning = file.warning(host: host, username: username, now: now) else { continue }
            context.output.printError("Warning: \(warning)")
            try? file.recordWarning(host: host, username: username, now: now)
        }
    }
}
