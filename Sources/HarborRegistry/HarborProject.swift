import Foundation
import HarborCore

/// A project as Harbor's project list shows it to the caller (harbor-api.md §3).
public struct HarborProject: Sendable, Equatable, Decodable {
    public let name: String
    public let projectID: Int?
    /// The caller's roles in the project; empty when the caller is not a member.
    public let roles: [ProjectRole]
    public let isPublic: Bool

    enum CodingKeys: String, CodingKey {
        case name
        case projectID = "project_id"
        case roleID = "current_user_role_id"
        case roleIDs = "current_user_role_ids"
        case metadata
    }

    struct Metadata: Decodable {
        let `public`: String?
    }

    public init(name: String, projectID: Int? = nil, roles: [ProjectRole], isPublic: Bool) {
        self.name = name
        self.projectID = projectID
        self.roles = roles
        self.isPublic = isPublic
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        projectID = try container.decodeIfPresent(Int.self, forKey: .projectID)
        var ids = try container.decodeIfPresent([Int].self, forKey: .roleIDs) ?? []
        if ids.isEmpty, let single = try container.decodeIfPresent(Int.self, forKey: .roleID), single != 0 { ids = [single] }
        roles = ids.compactMap(ProjectRole.init(rawValue:)).sorted(by: >)
        isPublic = (try container.decodeIfPresent(Metadata.self, forKey: .metadata))?.public == "true"
    }

    /// The highest role, as Harbor ranks them.
    public var role: ProjectRole? { roles.max() }
    public var canPush: Bool { roles.contains { $0.canPush } }
    public var canPull: Bool { !roles.isEmpty || isPublic }
}

/// Lists the projects the caller can see, page by page (page_size is at most 100; §3).
public enum ProjectLister {
    /// The project list answered something other than 200.
    public typealias ListError = HTTPStatusError

    /// Lists through `transport` (whose authentication layer sends Basic to `/api/v2.0`, the only
    /// way Harbor takes a CLI secret there, harbor-api.md §1), with URLs under `baseURL`.
    public static func list(using transport: any HTTPTransport, baseURL: String, maxPages: Int = 50) async throws -> [HarborProject] {
        var projects: [HarborProject] = []
        for page in 1...maxPages {
            let response = try await transport.send(HTTPRequest(
                method: .GET, url: baseURL + "/api/v2.0/projects?page=\(page)&page_size=100&with_detail=true",
                headers: ["Accept": "application/json"]))
            guard response.status == .ok else { throw await HTTPStatusError.from(response) }
            let body = try await response.body.collect(upTo: 16 << 20)
            let batch = try JSONDecoder().decode([HarborProject].self, from: Data(body))
            projects += batch
            let total = response.headers.first(name: "X-Total-Count").flatMap(Int.init) ?? projects.count
            if batch.isEmpty || projects.count >= total { break }
        }
        return projects
    }
}
