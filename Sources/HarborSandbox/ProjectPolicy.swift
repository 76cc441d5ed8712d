import Foundation

/// What a project's settings make Harbor refuse, as project metadata and rules hold them
/// (goharbor/harbor v2.7.0, src/common/const.go `ProMetaPreventVul`, `ProMetaSeverity`,
/// `ProMetaEnableContentTrustCosign`; immutable rules; the storage quota).
struct ProjectPolicy: Codable, Sendable, Equatable {
    /// `prevent_vul`: refuse pulls of images with vulnerabilities of `severity` or higher.
    var preventVulnerable: Bool
    var severity: VulnerabilitySeverity
    /// `enable_content_trust_cosign`: refuse pulls of images without a cosign signature.
    var cosignRequired: Bool
    var immutableTags: [ImmutableTagRule]
    /// The storage quota's hard limit in bytes; nil is unlimited (-1 in Harbor).
    var storageLimitBytes: Int64?

    init(
        preventVulnerable: Bool = false, severity: VulnerabilitySeverity = .low, cosignRequired: Bool = false,
        immutableTags: [ImmutableTagRule] = [], storageLimitBytes: Int64? = nil
    ) {
        self.preventVulnerable = preventVulnerable
        self.severity = severity
        self.cosignRequired = cosignRequired
        self.immutableTags = immutableTags
        self.storageLimitBytes = storageLimitBytes
    }

    enum CodingKeys: String, CodingKey { case preventVulnerable, severity, cosignRequired, immutableTags, storageLimitBytes }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let severityText = try c.decodeIfPresent(String.self, forKey: .severity) ?? "low"
        guard let severity = VulnerabilitySeverity(metadata: severityText) else {
            throw FixtureError("policy: unknown severity \(severityText) (use low, medium, high or critical)")
        }
        let limit = try c.decodeIfPresent(Int64.self, forKey: .storageLimitBytes)
        if let limit, limit < 0 { throw FixtureError("policy: storageLimitBytes must be 0 or more (leave it out for no limit)") }
        self.init(
            preventVulnerable: try c.decodeIfPresent(Bool.self, forKey: .preventVulnerable) ?? false, severity: severity,
            cosignRequired: try c.decodeIfPresent(Bool.self, forKey: .cosignRequired) ?? false,
            immutableTags: try c.decodeIfPresent([ImmutableTagRule].self, forKey: .immutableTags) ?? [], storageLimitBytes: limit)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(preventVulnerable, forKey: .preventVulnerable)
        try c.encode(severity.metadataValue, forKey: .severity)
        try c.encode(cosignRequired, forKey: .cosignRequired)
        try c.encode(immutableTags, forKey: .immutableTags)
        try c.encodeIfPresent(storageLimitBytes, forKey: .storageLimitBytes)
    }

    /// The project `metadata` map the REST API shows (values are strings in Harbor).
    func metadata(isPublic: Bool) -> [String: JSONValue] {
        var metadata: [String: JSONValue] = ["public": .string(isPublic ? "true" : "false")]
        if preventVulnerable {
            metadata["prevent_vul"] = .string("true")
            metadata["severity"] = .string(severity.metadataValue)
        }
        if cosignRequired { metadata["enable_content_trust_cosign"] = .string("true") }
        return metadata
    }

    func immutable(repository: String, tag: String) -> Bool {
        immutableTags.contains { $0.matches(repository: repository, tag: tag) }
    }
}
