import HarborAPI
import HarborCore
import HarborRegistry

/// The check before any byte is uploaded: are the credentials good, and may they push to the
/// project? Harbor's token service computes the granted actions from the caller's rights
/// (goharbor/harbor src/core/service/token/creator.go `repositoryFilter` at v2.7.0), so asking
/// for `pull,push` and reading what was granted is the one check that covers members, groups,
/// robots and sysadmins. The project list then says why push was not granted.
public enum PushPermission {
    public enum Verdict: Sendable, Equatable {
        case allowed(HarborEndpoint)
        /// Harbor rejected the username and secret (wrong, or the CLI secret expired).
        case credentialsRejected(HarborEndpoint)
        /// Member, but the role cannot push (guest, limited guest).
        case roleCannotPush(HarborEndpoint, ProjectRole)
        /// The project does not exist, or the caller is not a member (Harbor does not say which to
        /// non-members of private projects).
        case notMember(HarborEndpoint, projectIsPublic: Bool)
        /// `/v2/` answered something else.
        case unexpected(status: Int, detail: String)
    }

    /// Sends the checks through `stack` (its authentication layer carries the credentials).
    public static func check(project: String, stack: TransportStack) async throws -> Verdict {
        let endpoint: HarborEndpoint
        switch try await CredentialVerifier.verify(using: stack) {
        case .accepted(let accepted): endpoint = accepted
        case .rejected(let rejected): return .credentialsRejected(rejected)
        case .unexpected(_, let status, let detail): return .unexpected(status: status, detail: detail)
        }
        let access = try await AccessProbe.access(to: project, using: stack)
        if access.push { return .allowed(endpoint) }
        let projects = (try? await HarborAPIClient(baseURL: stack.connection.baseURL, transport: stack).projects()) ?? []
        if let found = projects.first(where: { $0.name == project }) {
            if let role = found.role { return .roleCannotPush(endpoint, role) }
            return .notMember(endpoint, projectIsPublic: found.isPublic == true)
        }
        return .notMember(endpoint, projectIsPublic: false)
    }
}
