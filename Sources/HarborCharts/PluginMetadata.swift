import Foundation
import Yams

/// The parts of a Helm plugin's `plugin.yaml` a push needs (helm/helm internal/plugin
/// metadata_legacy.go and metadata_v1.go at v4.2.4: both formats carry `name` and `version` at
/// the top): the name becomes the repository, the version the tag.
public struct PluginMetadata: Sendable, Equatable {
    public var name = ""
    public var version = ""
    /// `apiVersion` (`v1`), or empty for a legacy plugin.yaml.
    public var apiVersion = ""
    /// `description` (legacy: the long help) or, when it has none, `usage`.
    public var description = ""

    public init() {}

    /// Helm's plugin name rule (`validPluginName` in internal/plugin/plugin.go at v4.2.4).
    static func isValidPluginName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") }
    }
}

extension PluginMetadata {
    /// Parses `plugin.yaml`; `path` is where it was in the archive, for messages.
    public init(yaml text: String, path: String) throws(PluginArchiveError) {
        self.init()
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw .pluginYAMLUnreadable(path: path, reason: String(describing: error))
        }
        guard let root, case .mapping(let mapping) = root else {
            throw .pluginYAMLUnreadable(path: path, reason: "the document is not a mapping of keys to values")
        }
        var usage = ""
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { continue }
            // Scalars only: `version: 1.0` is the string "1.0", as sigs.k8s.io/yaml reads it into a string field.
            guard case .scalar(let scalar) = value else {
                if ["name", "version", "apiVersion", "description", "usage"].contains(key) {
                    throw .pluginYAMLUnreadable(path: path, reason: "\(key) must be a string")
                }
                continue
            }
            switch key {
            case "name": name = scalar.string
            case "version": version = scalar.string
            case "apiVersion": apiVersion = scalar.string
            case "description": description = scalar.string
            case "usage": usage = scalar.string
            default: break
            }
        }
        if description.isEmpty { description = usage }
        try validate(path: path)
    }

    /// Name and version are what the registry needs: both present, the name as Helm allows it
    /// and usable as an OCI repository name, the version strict semantic versioning (Helm 4
    /// refuses anything else, `isValidSemver` in internal/plugin/metadata.go at v4.2.4).
    func validate(path: String) throws(PluginArchiveError) {
        if name.isEmpty { throw .missingField(path: path, field: "name") }
        if version.isEmpty { throw .missingField(path: path, field: "version") }
        if !Self.isValidPluginName(name) {
            throw .invalidName(name: name, reason: "Helm allows only letters, digits, '_' and '-' in a plugin name")
        }
        if let issue = ChartTarget.repositoryComponentIssue(name) {
            throw .invalidName(name: name, reason: "it is not a valid OCI repository name: \(issue.replacingOccurrences(of: "rename the chart in Chart.yaml", with: "rename the plugin in plugin.yaml"))")
        }
        if !SemanticVersion.isStrict(version) {
            throw .invalidVersion(version: version, reason: "it is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.2.0, without a leading 'v')")
        }
    }
}
