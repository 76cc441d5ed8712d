import Foundation

/// An artifact as `GET …/repositories/{repo}/artifacts?with_tag=true` lists it
/// (goharbor/harbor src/server/v2.0/handler/model/artifact.go and
/// src/controller/artifact/processor, v2.7.0): an image, an index, a Helm chart, …
public struct HarborArtifact: Sendable, Equatable, Codable {
    /// `IMAGE`, `CHART`, `CNAB`, `WASM`, `UNKNOWN`, or the upper-cased custom config type.
    public let type: String
    public let digest: String
    public let size: Int64?
    public let pushTime: Date?
    public let tags: [HarborTag]

    enum CodingKeys: String, CodingKey {
        case type, digest, size, tags
        case pushTime = "push_time"
    }

    public init(type: String, digest: String, size: Int64? = nil, pushTime: Date? = nil, tags: [HarborTag] = []) {
        self.type = type
        self.digest = digest
        self.size = size
        self.pushTime = pushTime
        self.tags = tags
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decodeIfPresent(String.self, forKey: .type) ?? "UNKNOWN"
        digest = try container.decode(String.self, forKey: .digest)
        size = try container.decodeIfPresent(Int64.self, forKey: .size)
        pushTime = try container.decodeIfPresent(String.self, forKey: .pushTime).flatMap(HarborTime.parse)
        // Harbor writes `null` for an artifact without tags.
        tags = try container.decodeIfPresent([HarborTag].self, forKey: .tags) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(digest, forKey: .digest)
        try container.encodeIfPresent(size, forKey: .size)
        try container.encodeIfPresent(pushTime.map(HarborTime.format), forKey: .pushTime)
        try container.encode(tags, forKey: .tags)
    }

    public var isChart: Bool { type == "CHART" }
}

/// A tag of an artifact.
public struct HarborTag: Sendable, Equatable, Codable {
    public let name: String
    public let pushTime: Date?

    enum CodingKeys: String, CodingKey {
        case name
        case pushTime = "push_time"
    }

    public init(name: String, pushTime: Date? = nil) {
        self.name = name
        self.pushTime = pushTime
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        pushTime = try container.decodeIfPresent(String.self, forKey: .pushTime).flatMap(HarborTime.parse)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(pushTime.map(HarborTime.format), forKey: .pushTime)
    }
}
