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
        let chain = context.credentialChain(settings)

        func row(_ label: String, _ value: String) { output.print(label.padding(toLength: 14, withPad: " ", startingAt: 0) + value) }
        row("Instance", host + (instance.customer.map { " (customer \($0))" } ?? ""))
        let credential: ResolvedCredential
        do {
            credential = try chain.require(host, for: context.credentialConsumer)
        } catch {
            row("Logged in", "no")
            throw CredentialChainFailure.failure(error, context: context, instanceWord: options.instance)
        }
        // What each tool's own store holds; the chain's answer is not read twice (a helper may ask gpg).
        func stored(_ store: CredentialStore, answered: CredentialLocation?) -> String {
            if let answered { return "stored in \(answered)" }
            do {
                guard let found = try store.credential(for: host) else { return "not stored" }
                return "stored in \(found.location)" + (found.username != credential.username ? " as \(found.username)" : "")
            } catch {
                return "unreadable: \(error)"
            }
        }
        var answeredDocker: CredentialLocation?
        var answeredHelm: CredentialLocation?
        switch credential.source {
        case .docker(let location): answeredDocker = location
        case .helm(let location): answeredHelm = location
        case .pipeline, .dockerAuthConfig: break
        }
        let account = AccountKind(username: credential.username, robotPrefixes: settings.robotPrefixes)
        row("User", "\(credential.username) (\(account))")
        row("Source", credential.source.description)
        row("Docker", stored(chain.docker, answered: answeredDocker))
        let helm = stored(chain.helm.store, answered: answeredHelm)
        row("Helm", helm == "not stored" ? "not stored (Helm falls back to docker's)" : helm)
        let freshness = CredentialFreshnessFile(environment: context.environment)
        let now = context.clock.now()
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
        let credentials = credential.basic
        let stack = try InstanceSession.open(for: instance, credentials: credentials, caFile: options.caFile, timeout: options.timeout, context: context, doing: "cannot check \(host)")
        let outcome = try await stack.use { stack in
            do {
                return try await CredentialVerifier.verify(using: stack)
            } catch {
                throw CommandFailure.doing("cannot check \(host)", error)
            }
        }
        switch outcome {
        case .accepted:
            try? freshness.recordSuccess(host: host, username: credential.username, now: now)
            row("Check", "Harbor accepts these credentials")
        case .rejected(let rejectedAt):
            throw RejectionAdvice.failure(uiURL: RejectionAdvice.uiURL(host: host, plainHTTP: rejectedAt.scheme == .http), host: host, username: credential.username, account: account, lastWorked: freshness.record(host: host, username: credential.username)?.lastSuccess, now: now, opened: false)
        case .unexpected(_, let status, let detail):
            throw CommandFailure("\(host) answered \(status) to the registry check: \(detail)", exitCode: .unexpectedAnswer)
        }
    }
}
