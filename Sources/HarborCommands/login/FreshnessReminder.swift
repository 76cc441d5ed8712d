import Foundation
import HarborCore
import HarborCredentials

/// Before a command runs: once a day, a word for each personal login whose secret last worked
/// more than 25 days ago — the secret dies 30 days after the last Harbor UI login, and after that
/// every tool only says "unauthorized".
enum FreshnessReminder {
    static func remind(_ context: CommandContext) {
        let now = context.clock.now()
        let file = CredentialFreshnessFile(environment: context.environment)
        let due = file.dueWarnings(now: now)
        guard !due.isEmpty else { return }
        // The settings (for the robot prefixes) are read only when there is something to say.
        let robotPrefixes = (try? context.settings().robotPrefixes) ?? EffectiveSettings.defaultRobotPrefixes
        for warning in due where !AccountKind(username: warning.username, robotPrefixes: robotPrefixes).isRobot {
            context.output.printError("Warning: \(warning)")
            try? file.recordWarning(host: warning.host, username: warning.username, now: now)
        }
    }
}
