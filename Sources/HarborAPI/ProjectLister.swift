/// The projects a verified account can use, as login's table and the completion show them.
public enum ProjectLister {
    /// What the project list says about the caller.
    public struct Listing: Sendable, Equatable {
        /// Projects the caller is a member of (with a role), by name.
        public var memberProjects: [HarborProject]
        /// Public projects the caller is not a member of: pull only.
        public var publicProjects: [HarborProject]
    }

    /// Checks the credentials with `GET /v2/` while the list is fetched, and throws
    /// `CredentialsRejected` when Harbor refuses them: a wrong secret lists the public projects
    /// as if they were the caller's (goharbor/harbor v2.7.0,
    /// src/server/middleware/security/basic_auth.go), so that list must never be shown as theirs.
    public static func list(using client: HarborAPIClient, nameContains: String? = nil) async throws -> Listing {
        async let accepted = client.credentialsAccepted()
        let projects = try await client.projects(nameContains: nameContains)
        guard try await accepted else { throw CredentialsRejected() }
        return split(projects)
    }

    public static func split(_ projects: [HarborProject]) -> Listing {
        let sorted = projects.sorted { $0.name < $1.name }
        return Listing(memberProjects: sorted.filter(\.isMember), publicProjects: sorted.filter { !$0.isMember && $0.isPublic == true })
    }

    /// Harbor refused the credentials at `GET /v2/`.
    public struct CredentialsRejected: Error, Sendable, Equatable, CustomStringConvertible {
        public init() {}
        public var description: String { "Harbor did not accept the stored credentials" }
    }
}
