import Foundation

/// Where a chart (or a Helm plugin, `ChartTarget+Plugin.swift`) goes: repository `PROJECT/NAME` and tag = version with `+` → `_`
/// (helm/helm pkg/pusher/ocipusher.go and pkg/registry/reference.go `newReference` at v4.3.1).
public struct ChartTarget: Sendable, Equatable {
    public let host: String
    public let project: String
    public let name: String
    public let tag: String

    public init(host: String, project: String, metadata: ChartMetadata) throws(ChartArchiveError) {
        self.host = host
        self.project = project
        name = metadata.name
        tag = metadata.version.replacingOccurrences(of: "+", with: "_")
        if let issue = Self.repositoryComponentIssue(name) {
            throw .invalidRepositoryName("the chart name \"\(name)\" is not a valid OCI repository name: \(issue)")
        }
        if !Self.isValidTag(tag) {
            throw .invalidRepositoryName("the tag \"\(tag)\" made from version \"\(metadata.version)\" is not a valid OCI tag (letters, digits, '_', '.', '-'; at most 128)")
        }
    }

    /// Already checked: a plugin's target (`ChartTarget(host:project:plugin:)`).
    init(host: String, project: String, name: String, tag: String) {
        self.host = host
        self.project = project
        self.name = name
        self.tag = tag
    }

    /// `PROJECT/NAME`
    public var repository: String { "\(project)/\(name)" }
    /// `HOST/PROJECT/NAME:TAG`, as Helm prints it after `Pushed:`.
    public var reference: String { "\(host)/\(repository):\(tag)" }
    /// Whether Helm prints its underscore notice.
    public var tagHasUnderscore: Bool { tag.contains("_") }

    /// Helm's notice for tags that had a `+` (pkg/registry/client.go `registryUnderscoreMessage`).
    public var underscoreNotice: String {
        """
        \(reference) contains an underscore.

        OCI artifact references (e.g. tags) do not support the plus sign (+). To support
        storing semantic versions, Helm adopts the convention of changing plus (+) to
        an underscore (_) in chart version tags when pushing to a registry and back to
        a plus (+) when pulling from a registry.
        """
    }

    /// The OCI distribution-spec path component grammar: `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`.
    package static func repositoryComponentIssue(_ component: String) -> String? {
        if component.unicodeScalars.contains(where: { ("A"..."Z").contains($0) }) { return "upper-case letters are not allowed; rename the chart in Chart.yaml in lower case" }
        let scalars = Array(component.unicodeScalars)
        func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool { ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) }
        guard let first = scalars.first, isAlphanumeric(first), let last = scalars.last, isAlphanumeric(last) else {
            return "it must start and end with a lower-case letter or digit"
        }
        var index = 0
        while index < scalars.count {
            if isAlphanumeric(scalars[index]) { index += 1; continue }
            var end = index
            while end < scalars.count, !isAlphanumeric(scalars[end]) { end += 1 }
            let separator = String(String.UnicodeScalarView(scalars[index..<end]))
            guard separator == "." || separator == "_" || separator == "__" || separator.allSatisfy({ $0 == "-" }) else {
                return "\"\(separator)\" is not allowed; use lower-case letters, digits and single '.', '_' or '-' between them"
            }
            index = end
        }
        return nil
    }

    static func isValidTag(_ tag: String) -> Bool {
        let scalars = Array(tag.unicodeScalars)
        func isWord(_ scalar: Unicode.Scalar) -> Bool { scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_") }
        guard let first = scalars.first, isWord(first), scalars.count <= 128 else { return false }
        return scalars.allSatisfy { isWord($0) || $0 == "." || $0 == "-" }
    }
}
