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

    /// `scheme` pins the scheme (an explicit `http://` target on loopback); otherwise HTTPS is
    /// tried first, then HTTP for loopback hosts, as login does.
    public static func check(project: String, instance: Instance, scheme: HarborEndpoint.Scheme? = nil, credentials: BasicCredentials, session: HTTPSession) async throws -> Verdict {
        let endpoint: HarborEndpoint
        if let scheme {
            endpoint = HarborEndpoint(instance: instance, scheme: scheme)
            // The credential check login makes: GET /v2/ with Basic credentials (harbor-api.md §2).
            let reply = try await session.get(endpoint.url("/v2/"), authorization: credentials.basicAuthorizationHeader)
            switch reply.status {
            case 200: break
            case 401: return .credentialsRejected(endpoint)
            default: return .unexpected(status: reply.status, detail: String(reply.text.prefix(200)))
            }
        } else {
            switch try await CredentialVerifier.verify(credentials, at: instance, session: session) {
            case .accepted(let accepted): endpoint = accepted
            case .rejected(let rejected): return .credentialsRejected(rejected)
            case .unexpected(_, let status, let detail): return .unexpected(status: status, detail: detail)
            }
        }
        let access = try await AccessProbe.access(to: project, at: endpoint, credentials: credentials, session: session)
        if access.push { return .allowed(endpoint) }
        let projects = (try? await ProjectLister.list(at: endpoint, credentials: credentials, session: session)) ?? []
        if let found = projects.first(where: { $0.name == project }) {
            if let role = found.role { return .roleCannotPush(endpoint, role) }
            return .notMember(endpoint, projectIsPublic: found.isPublic)
        }
        return .notMember(endpoint, projectIsPublic: false)
    }
}
