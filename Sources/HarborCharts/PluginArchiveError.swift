/// Why a file cannot be pushed as a Helm plugin. Each message says what is wrong and what to do;
/// the command adds the file name.
public enum PluginArchiveError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(String)
    case illegalPath(String)
    case severalPlugins([String])
    case pluginYAMLTooLarge(path: String, limit: Int)
    case pluginYAMLUnreadable(path: String, reason: String)
    case missingField(path: String, field: String)
    case invalidName(name: String, reason: String)
    case invalidVersion(version: String, reason: String)
    case invalidTag(tag: String, version: String)

    public var description: String {
        switch self {
        case .unreadable(let reason):
            "cannot be read: \(reason)"
        case .illegalPath(let reason):
            "contains an illegal path (Helm refuses to install it): \(reason)"
        case .severalPlugins(let paths):
            "holds more than one plugin (\(paths.joined(separator: ", "))); package each plugin on its own with 'helm plugin package DIR'"
        case .pluginYAMLTooLarge(let path, let limit):
            "has a \(path) larger than \(limit / 1024) KiB; that is not a plugin manifest"
        case .pluginYAMLUnreadable(let path, let reason):
            "has a \(path) that cannot be read: \(reason)"
        case .missingField(let path, let field):
            "is a Helm plugin whose \(path) has no \(field); add '\(field):' to it and package it again ('helm plugin package DIR')"
        case .invalidName(let name, let reason):
            "is a Helm plugin named \"\(name)\", which cannot be pushed: \(reason)"
        case .invalidVersion(let version, let reason):
            "is a Helm plugin with version \"\(version)\", which cannot be pushed: \(reason)"
        case .invalidTag(let tag, let version):
            "is a Helm plugin whose version \"\(version)\" makes the tag \"\(tag)\", which is not a valid OCI tag (letters, digits, '_', '.', '-'; at most 128)"
        }
    }
}
