import Foundation
import HarborAPI
import HarborCore
import HarborCredentials
import HarborRegistry

/// The instance and stored credentials a listing command works with, and a client for them.
struct HarborAccount {
    let instance: Instance
    let credentials: BasicCredentials
    let client: HarborAPIClient
    let settings: EffectiveSettings
    let context: CommandContext

    /// `instanceWord` (or the default instance) with the credentials login stored for it; the
    /// stores are read as docker and Helm read them (a credential helper may run).
    static func open(_ instanceWord: String?, caFile: String?, timeout: Int?, context: CommandContext) throws -> HarborAccount {
        let settings = try context.settings()
        let instance = try InstanceArgument.resolve(instanceWord, context: context, settings: settings)
        return try open(instance, caFile: caFile, timeout: timeout, context: context, settings: settings)
    }

    static func open(_ instance: Instance, caFile: String?, timeout: Int?, context: CommandContext, settings: EffectiveSettings) throws -> HarborAccount {
        let targets = CredentialTargets(context: context, docker: true, helm: true)
        let stored: StoredCredential?
        do {
            stored = try targets.storedCredential(for: instance.host)
        } catch {
            throw CommandFailure("cannot read the stored credentials for \(instance.host): \(error)")
        }
        guard let stored, !stored.isIdentityToken else {
            throw CommandFailure(
                "not logged in to \(instance.host)",
                hint: "log in first: \(context.flavor.commandPath) login \(instance.customer ?? instance.host) -u USERNAME")
        }
        let credentials = BasicCredentials(username: stored.username, secret: stored.secret)
        let stack = try InstanceSession.open(for: instance, credentials: credentials, caFile: caFile, timeout: timeout, context: context, doing: "cannot reach \(instance.host)")
        let client = HarborAPIClient(baseURL: stack.connection.baseURL, transport: stack, deadline: stack.deadline)
        return HarborAccount(instance: instance, credentials: credentials, client: client, settings: settings, context: context)
    }

    /// The completion cache of this account: listings fill it, so that a TAB after a listing
    /// answers at once.
    var cache: CompletionCache {
        let root = CompletionCache.root(environment: context.environment)
        CompletionCache.recordLastUser(root: root, host: instance.host, username: credentials.username)
        return CompletionCache(root: root, host: instance.host, username: credentials.username)
    }

    /// What the user reads when a request failed.
    func failure(_ error: any Error, doing what: String) -> CommandFailure {
        let host = instance.host
        if error is HarborAPI.ProjectLister.CredentialsRejected || (error as? HarborAPIError)?.status == 401 {
            let account = AccountKind(username: credentials.username, robotPrefixes: settings.robotPrefixes)
            let lastWorked = CredentialFreshnessFile(environment: context.environment).record(host: host, username: credentials.username)?.lastSuccess
            return RejectionAdvice.failure(uiURL: RejectionAdvice.uiURL(host: host, plainHTTP: false), host: host, username: credentials.username, account: account, lastWorked: lastWorked, now: Date(), opened: false)
        }
        switch error {
        case let error as HarborAPIError:
            if case .forbidden = error {
                return CommandFailure(
                    "\(what): \(host) answered 403 Forbidden",
                    hint: "you are not a member of that project, or it does not exist (Harbor answers both the same way); '\(context.flavor.commandPath) projects' lists yours")
            }
            if case .notFound = error { return CommandFailure("\(what): not found on \(host)") }
            return CommandFailure("\(what): \(error)", exitCode: ExitStatus.unexpectedAnswer)
        case let error as TransportError:
            return ExitStatus.failure(error, doing: what)
        case let error as CommandFailure:
            return error
        default:
            return CommandFailure("\(what): \(error)", exitCode: ExitStatus.unexpectedAnswer)
        }
    }
}
