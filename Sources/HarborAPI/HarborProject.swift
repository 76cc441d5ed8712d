import HarborCore

/// A project as Harbor's project list shows it to the caller (`GET /api/v2.0/projects`;
/// goharbor/harbor src/server/v2.0/handler/project.go `populateProperties`, v2.7.0).
///
/// Encodes back to the same JSON shape it was decoded from, so a cached list reads like a fresh one.
public struct HarborProject: Sendable, Equatable, Codable {
    public let projectID: Int?
    public let name: String
    /// The caller's role ids (`current_user_role_ids`); empty when the caller is not a member or
    /// Harbor did not say (anonymous callers get none).
    public let roleIDs: [Int]
    /// `metadata.public`; nil when the list was asked for without details (`with_detail=false`
    /// drops `metadata`).
    public let isPublic: Bool?
    /// `repo_count`.
    public let repositoryCount: Int?
    /// `metadata.prevent_vul` with `metadata.severity`: pulls of images with vulnerabilities of this
    /// severity or worse are refused (`low` … `critical`); nil when the project blocks nothing.
    public let blockedSeverity: String?
    /// `metadata.enable_content_trust_cosign`: pulls of images without a cosign signature are refused.
    public let requiresCosign: Bool

    enum CodingKeys: String, CodingKey {
        case projectID = "project_id"
        case name
        case roleID = "current_user_role_id"
        case roleIDs = "current_user_role_ids"
        case metadata
        case repositoryCount = "repo_count"
    }

    /// Project metadata values are strings in Harbor (src/common/const.go `ProMeta…`).
    struct Metadata: Codable {
        var `public`: String?
        var preventVulnerable: String?
        var severity: String?
        var cosign: String?

        enum CodingKeys: String, CodingKey {
            case `public`, severity
            case preventVulnerable = "prevent_vul"
            case cosign = "enable_content_trust_cosign"
        }
    }

    public init(
        name: String, projectID: Int? = nil, roleIDs: [Int] = [], isPublic: Bool? = nil, repositoryCount: Int? = nil,
        blockedSeverity: String? = nil, requiresCosign: Bool = false
    ) {
        self.name = name
        self.projectID = projectID
        self.roleIDs = roleIDs
        self.isPublic = isPublic
        self.repositoryCount = repositoryCount
        self.blockedSeverity = blockedSeverity
        self.requiresCosign = requiresCosign
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        projectID = try container.decodeIfPresent(Int.self, forKey: .projectID)
        var ids = try container.decodeIfPresent([Int].self, forKey: .roleIDs) ?? []
        // Harbor before 2.1 has only the deprecated single id (0: not a member).
        if ids.isEmpty, let single = try container.decodeIfPresent(Int.self, forKey: .roleID), single != 0 { ids = [single] }
        roleIDs = ids
        let metadata = try container.decodeIfPresent(Metadata.self, forKey: .metadata)
        isPublic = metadata.flatMap { $0.public.map { $0 == "true" } }
        blockedSeverity = metadata?.preventVulnerable == "true" ? (metadata?.severity ?? "low") : nil
        requiresCosign = metadata?.cosign == "true"
        repositoryCount = try container.decodeIfPresent(Int.self, forKey: .repositoryCount)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(projectID, forKey: .projectID)
        try container.encode(roleIDs, forKey: .roleIDs)
        try container.encode(role?.rawValue ?? 0, forKey: .roleID)
        if isPublic != nil || blockedSeverity != nil || requiresCosign {
            try container.encode(
                Metadata(
                    public: isPublic.map { $0 ? "true" : "false" }, preventVulnerable: blockedSeverity.map { _ in "true" },
                    severity: blockedSeverity, cosign: requiresCosign ? "true" : nil),
                forKey: .metadata)
        }
        try container.encodeIfPresent(repositoryCount, forKey: .repositoryCount)
    }

    /// The caller's roles, highest first (unknown ids are left out).
    public var roles: [ProjectRole] { roleIDs.compactMap(ProjectRole.init(rawValue:)).sorted(by: >) }
    /// The highest role, as Harbor ranks them.
    public var role: ProjectRole? { roles.first }
    public var isMember: Bool { role != nil }
    public var canPush: Bool { roles.contains { $0.canPush } }
    public var canPull: Bool { isMember || isPublic == true }
}
