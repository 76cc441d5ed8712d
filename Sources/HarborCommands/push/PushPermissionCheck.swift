import Foundation
import HarborAPI
import HarborCore
import HarborCredentials
import HarborRegistry

/// Before `docker harbor push`: asks Harbor's token service whether the stored account may push
/// to the project (goharbor/harbor v2.7.0, src/core/service/token/creator.go `repositoryFilter`:
/// the token's `access` is computed from the caller's rights), so that a limited role stops with
/// what the role is and what pushing needs, instead of docker's generic `denied`.
enum PushPermissionCheck {
    static func require(_ reference: ImageReference, settings: EffectiveSettings, context: CommandContext) async throws {
        let host = reference.host
        let project = reference.project
        let resolved = try context.credentials(for: host, settings: settings, for: .docker)
        if case .pipeline(let variable) = resolved.source, !dockerAsksHarborHelper(for: host, settings: settings, context: context) {
            // docker itself never reads HARBOR_*: only through docker-credential-harbor.
            context.output.printError(
                "Warning: docker does not read HARBOR_USERNAME and \(variable) itself; run 'docker harbor login \(host) --helper' once, "
                    + "so that docker asks docker-credential-harbor for \(host) (nothing secret is written)")
        }
        let instance = try Instance.resolve(host, settings: settings)
        let credentials = resolved.basic
        let account = AccountKind(username: resolved.username, robotPrefixes: settings.robotPrefixes)
        let stack = try InstanceSession.open(for: instance, credentials: credentials, caFile: nil, timeout: nil, context: context, doing: "cannot check the push right on \(host)")
        try await stack.use { stack in
            try await check(credentials, account: account, instance: instance, project: project, stack: stack, context: context)
        }
    }

    /// Whether docker's config.json sends docker to docker-credential-harbor for `host`.
    private static func dockerAsksHarborHelper(for host: String, settings: EffectiveSettings, context: CommandContext) -> Bool {
        guard case .helper(let name, _)? = try? context.credentialChain(settings).docker.destination(for: host) else { return false }
        return name == CredentialHelperMain.helperName
    }

    private static func check(_ credentials: BasicCredentials, account: AccountKind, instance: Instance, project: String, stack: TransportStack, context: CommandContext) async throws {
        let host = instance.host
        let doing = "cannot check the push right on \(host)"
        let outcome: CredentialVerifier.Outcome
        do {
            outcome = try await CredentialVerifier.verify(using: stack)
        } catch {
            throw CommandFailure.doing(doing, error)
        }
        guard case .accepted = outcome else {
            if case .rejected(let rejectedAt) = outcome {
                throw RejectionAdvice.failure(
                    uiURL: RejectionAdvice.uiURL(host: host, plainHTTP: rejectedAt.scheme == .http),
                    host: host, username: credentials.username, account: account,
                    lastWorked: CredentialFreshnessFile(environment: context.environment).record(host: host, username: credentials.username)?.lastSuccess,
                    now: context.clock.now(), opened: false)
            }
            if case .unexpected(_, let status, let detail) = outcome, status == 429 || status >= 500 {
                // A server in trouble (it already had its retries, Retry-After honoured): docker's
                // push would meet the same answer after its own retries; say it now, as every
                // other command does.
                throw CommandFailure("\(doing): \(host) answered \(status) to the registry check" + (detail.isEmpty ? "" : ": \(detail)"), exitCode: .unexpectedAnswer)
            }
            return  // Another unexpected answer (not a registry's): let docker try and report.
        }
        let access: AccessProbe.Access
        do {
            access = try await AccessProbe.access(to: project, using: stack)
        } catch {
            throw CommandFailure.doing(doing, error)
        }
        if access.push { return }
        var role = "no role (you are not a member)"
        if !account.isRobot, let found = try? await HarborAPIClient(baseURL: stack.connection.baseURL, transport: stack).projects().first(where: { $0.name == project }),
           let projectRole = found.role {
            role = "the role \(projectRole.name)"
        } else if account.isRobot {
            role = "a robot account without the push permission"
        }
        throw CommandFailure(
            "\(credentials.username) cannot push to project \(project) on \(host): you have \(role) there; pushing needs Developer, Maintainer or Project Admin",
            hint: account.isRobot ? "use the project's push robot, or ask a project admin to add push to this robot" : "ask a project admin of \(project) for the Developer role",
            exitCode: .pushDenied)
    }
}
