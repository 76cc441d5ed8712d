import Foundation

/// A repository as `GET /api/v2.0/projects/{project}/repositories` lists it
/// (goharbor/harbor src/server/v2.0/handler/model/repository.go, v2.7.0).
public struct HarborRepository: Sendable, Equatable, Codable {
    /// The full name, project key included: `pkey/team/app`.
    public let name: String
    public let artifactCount: Int?
    public let updateTime: Date?

    enum CodingKeys: String, CodingKey {
        case name
        case artifactCount = "artifact_count"
        case updateTime = "update_time"
    }

    public init(name: String, artifactCount: Int? = nil, updateTime: Date? = nil) {
        self.name = name
        self.artifactCount = artifactCount
        self.updateTime = updateTime
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        artifactCount = try container.decodeIfPresent(Int.self, forKey: .artifactCount)
        updateTime = try container.decodeIfPresent(String.self, forKey: .updateTime).flatMap(HarborTime.parse)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(artifactCount, forKey: .artifactCount)
        try container.encodeIfPresent(updateTime.map(HarborTime.format), forKey: .updateTime)
    }

    /// The name inside its project: `team/app` for `pkey/team/app`.
    public var path: String {
        guard let slash = name.firstIndex(of: "/") else { return name }
        return String(name[name.index(after: slash)...])
    }

    /// The project key: `pkey` for `pkey/team/app`.
    public var projectName: String {
        String(name.prefix { $0 != "/" })
    }
}
