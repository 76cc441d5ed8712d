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

    /// `instanceWord` (or the default instance) with its credentials from the credential chain
    /// (`CredentialChain`, read as docker or Helm would; a credential helper may run).
    static func open(_ instanceWord: String?, caFile: String?, timeout: Int?, context: CommandContext) throws -> HarborAccount {
        let settings = try context.settings()
        let instance = try InstanceArgument.resolve(instanceWord, context: context, settings: settings)
        return try open(instance, caFile: caFile, timeout: timeout, context: context, settings: settings)
    }

    static func open(_ instance: Instance, caFile: String?, timeout: Int?, context: CommandContext, settings: EffectiveSettings) throws -> HarborAccount {
        let credentials = try context.credentials(for: instance.host, settings: settings, instanceWord: instance.customer).basic
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
            return RejectionAdvice.failure(uiURL: RejectionAdvice.uiURL(host: host, plainHTTP: false), host: host, username: credentials.username, account: account, lastWorked: lastWorked, now: context.clock.now(), opened: false)
        }
        switch error {
        case let error as HarborAPIError:
            if case .forbidden = error {
                return CommandFailure(
                    "\(what): \(host) answered 403 Forbidden",
                    hint: "you are not a member of that project, or it does not exist (Harbor answers both the same way); '\(context.flavor.commandPath) projects' lists yours")
            }
            if case .notFound = error { return CommandFailure("\(what): not found on \(host)") }
            return CommandFailure("\(what): \(error)", exitCode: .unexpectedAnswer)
        case let error as CommandFailure:
            return error
        case let error as any UserFacingError:
            // The transport's errors: one status per kind of network failure, in every command.
            return CommandFailure(what, error)
        default:
            return CommandFailure("\(what): \(error)", exitCode: .unexpectedAnswer)
        }
    }
}
