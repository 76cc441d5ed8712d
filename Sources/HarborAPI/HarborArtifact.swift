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
    /// The vulnerability scan (`with_scan_overview=true`); nil when never scanned or not asked for.
    public let scan: HarborScanOverview?
    /// A cosign signature among the accessories (`with_accessory=true`); nil when not asked for.
    public let cosignSigned: Bool?

    enum CodingKeys: String, CodingKey {
        case type, digest, size, tags, accessories
        case pushTime = "push_time"
        case scanOverview = "scan_overview"
    }

    public init(
        type: String, digest: String, size: Int64? = nil, pushTime: Date? = nil, tags: [HarborTag] = [], scan: HarborScanOverview? = nil,
        cosignSigned: Bool? = nil
    ) {
        self.type = type
        self.digest = digest
        self.size = size
        self.pushTime = pushTime
        self.tags = tags
        self.scan = scan
        self.cosignSigned = cosignSigned
    }

    struct Accessory: Codable { let type: String? }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decodeIfPresent(String.self, forKey: .type) ?? "UNKNOWN"
        digest = try container.decode(String.self, forKey: .digest)
        size = try container.decodeIfPresent(Int64.self, forKey: .size)
        pushTime = try container.decodeIfPresent(String.self, forKey: .pushTime).flatMap(HarborTime.parse)
        // Harbor writes `null` for an artifact without tags.
        tags = try container.decodeIfPresent([HarborTag].self, forKey: .tags) ?? []
        // Keyed by report MIME type (`application/vnd.security.vulnerability.report; version=1.1`); take the first.
        scan = try container.decodeIfPresent([String: HarborScanOverview].self, forKey: .scanOverview)?
            .sorted { $0.key < $1.key }.first?.value
        // `accessories` is null both when asked and none exist and when not asked: the caller knows which.
        if container.contains(.accessories) {
            let accessories = try container.decodeIfPresent([Accessory].self, forKey: .accessories) ?? []
            cosignSigned = accessories.contains { $0.type == "signature.cosign" }
        } else {
            cosignSigned = nil
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(digest, forKey: .digest)
        try container.encodeIfPresent(size, forKey: .size)
        try container.encodeIfPresent(pushTime.map(HarborTime.format), forKey: .pushTime)
        try container.encode(tags, forKey: .tags)
        if let scan { try container.encode([HarborScanOverview.reportMimeType: scan], forKey: .scanOverview) }
        if let cosignSigned { try container.encode(cosignSigned ? [Accessory(type: "signature.cosign")] : [], forKey: .accessories) }
    }

    public var isChart: Bool { type == "CHART" }
}

/// A tag of an artifact.
public struct HarborTag: Sendable, Equatable, Codable {
    public let name: String
    public let pushTime: Date?
    /// `immutable`: computed by Harbor only with `with_immutable_status=true` (false otherwise).
    public let immutable: Bool

    enum CodingKeys: String, CodingKey {
        case name, immutable
        case pushTime = "push_time"
    }

    public init(name: String, pushTime: Date? = nil, immutable: Bool = false) {
        self.name = name
        self.pushTime = pushTime
        self.immutable = immutable
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        pushTime = try container.decodeIfPresent(String.self, forKey: .pushTime).flatMap(HarborTime.parse)
        immutable = try container.decodeIfPresent(Bool.self, forKey: .immutable) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(pushTime.map(HarborTime.format), forKey: .pushTime)
        if immutable { try container.encode(immutable, forKey: .immutable) }
    }
}

/// An artifact's vulnerability scan summary (goharbor/harbor v2.7.0, src/pkg/scan/vuln/summary.go
/// `NativeReportSummary`): its status, the highest severity and the counts by severity.
public struct HarborScanOverview: Sendable, Equatable, Codable {
    public static let reportMimeType = "application/vnd.security.vulnerability.report; version=1.1"
    /// `Pending`, `Running`, `Success`, `Error`, `Stopped`.
    public let status: String
    /// `None`, `Low`, … `Critical` (`Unknown` before a scan succeeded).
    public let severity: String?
    /// Counts by severity word (`Critical`: 3).
    public let counts: [String: Int]
    public let total: Int?

    enum CodingKeys: String, CodingKey {
        case status = "scan_status"
        case severity, summary
    }

    struct Summary: Codable {
        let total: Int?
        let summary: [String: Int]?
    }

    public init(status: String, severity: String? = nil, counts: [String: Int] = [:], total: Int? = nil) {
        self.status = status
        self.severity = severity
        self.counts = counts
        self.total = total
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        status = try container.decodeIfPresent(String.self, forKey: .status) ?? "Unknown"
        severity = try container.decodeIfPresent(String.self, forKey: .severity)
        let summary = try container.decodeIfPresent(Summary.self, forKey: .summary)
        counts = summary?.summary ?? [:]
        total = summary?.total
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(severity, forKey: .severity)
        // Whatever summary Harbor sent, whatever the status (a finding of Fuzz/Targets/HarborJSONFuzz.swift:
        // counts that came with another status were dropped from `--format json`).
        if total != nil || !counts.isEmpty { try container.encode(Summary(total: total, summary: counts), forKey: .summary) }
    }

    public var succeeded: Bool { status == "Success" }
    public var isInProgress: Bool { ["Pending", "Running", "Scheduled"].contains(status) }
}
