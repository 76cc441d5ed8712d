import ArgumentParser
import Foundation
import HarborCore
import HarborCredentials
import HarborRegistry

/// `docker harbor status`: who you are on an instance, where the credentials are kept, and
/// when they last worked — without a network call unless `--check` asks for one.
struct StatusCommand: AsyncParsableCommand, CompletionDescribing {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the login for a Harbor instance and when it last worked")

    @OptionGroup var options: InstanceOptions

    @Flag(help: "Also check now that Harbor accepts the stored credentials.")
    var check = false

    static func completePositional(_ index: Int, prefix: String, context: CommandContext) -> CompletionResult {
        LoginCommand.completePositional(index, prefix: prefix, context: context)
    }

    func run() async throws {
        let context = CommandContext.current
        let output = context.output
        let settings = try context.settings()
        let instance = try InstanceArgument.resolve(options.instance, context: context, settings: settings)
        let host = instance.host
        let targets = CredentialTargets(context: context, docker: true, helm: true)

        func row(_ label: String, _ value: String) { output.print(label.padding(toLength: 14, withPad: " ", startingAt: 0) + value) }
        row("Instance", host + (instance.customer.map { " (customer \($0))" } ?? ""))
        var docker: StoredCredential?
        var helm: StoredCredential?
        do { docker = try targets.docker?.credential(for: host) } catch { row("Docker", "unreadable: \(error)") }
        do { helm = try targets.helm.store.credential(for: host) } catch { row("Helm", "unreadable: \(error)") }
        guard let credential = docker ?? helm else {
            row("Logged in", "no")
            throw CommandFailure("not logged in to \(host)", hint: "log in with: \(context.flavor.commandPath) login \(options.instance ?? host)", exitCode: 1)
        }
        let account = AccountKind(username: credential.username, robotPrefixes: settings.robotPrefixes)
        row("User", "\(credential.username) (\(account))")
        row("Docker", docker.map { "stored in \($0.location)" + ($0.username != credential.username ? " as \($0.username)" : "") } ?? "not stored")
        row("Helm", helm.map { "stored in \($0.location)" + ($0.username != credential.username ? " as \($0.username)" : "") } ?? "not stored (Helm falls back to docker's)")
        let freshness = CredentialFreshnessFile(environment: context.environment)
        let now = Date()
        if let last = freshness.record(host: host, username: credential.username)?.lastSuccess {
            let days = CredentialFreshness.wholeDays(since: last, now: now)
            let stamp = RFC3339.format(last)
            row("Last worked", "\(stamp) (\(days == 0 ? "today" : "\(days) days ago"))")
            if !account.isRobot, days >= CredentialFreshness.warnAfterDays {
                output.printError("Warning: \(CredentialFreshness.Warning(host: host, username: credential.username, daysSinceSuccess: days))")
            }
        } else {
            row("Last worked", "unknown (not logged in with these plugins yet)")
        }
        guard check else { return }
        let credentials = BasicCredentials(username: credential.username, secret: credential.secret)
        let stack = try InstanceSession.open(for: instance, credentials: credentials, caFile: options.caFile, timeout: options.timeout, context: context, doing: "cannot check \(host)")
        let outcome = try await stack.use { stack in
            do {
                return try await CredentialVerifier.verify(using: stack)
            } catch {
                throw ExitStatus.failure(error, doing: "cannot check \(host)")
            }
        }
        switch outcome {
        case .accepted:
            try? freshness.recordSuccess(host: host, username: credential.username, now: now)
            row("Check", "Harbor accepts these credentials")
        case .rejected(let rejectedAt):
            throw RejectionAdvice.failure(uiURL: RejectionAdvice.uiURL(host: host, plainHTTP: rejectedAt.scheme == .http), host: host, username: credential.username, account: account, lastWorked: freshness.record(host: host, username: credential.username)?.lastSuccess, now: now, opened: false)
        case .unexpected(_, let status, let detail):
            throw CommandFailure("\(host) answered \(status) to the registry check: \(detail)", exitCode: ExitStatus.unexpectedAnswer)
        }
    }
}
