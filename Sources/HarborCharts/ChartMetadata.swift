import Foundation
import Yams

/// `Chart.yaml` as Helm models it (`chart.Metadata` in helm/helm pkg/chart/v2/metadata.go at
/// v4.3.1; pkg/chart/metadata.go at v3.17.3): the fields, in the order Go's `json.Marshal` writes
/// them into the OCI config blob.
public struct ChartMetadata: Sendable, Equatable {
    public struct Maintainer: Sendable, Equatable {
        public var name = ""
        public var email = ""
        public var url = ""
    }

    /// `chart.Dependency` (pkg/chart/v2/dependency.go).
    public struct Dependency: Sendable, Equatable {
        public var name = ""
        public var version = ""
        public var repository = ""
        public var condition = ""
        public var tags: [String] = []
        public var enabled = false
        public var importValues: [YAMLValue] = []
        public var alias = ""
    }

    public var name = ""
    public var home = ""
    public var sources: [String] = []
    public var version = ""
    public var description = ""
    public var keywords: [String] = []
    /// `nil` entries are `null` list items, which Helm rejects.
    public var maintainers: [Maintainer?] = []
    public var icon = ""
    public var apiVersion = ""
    public var condition = ""
    public var tags = ""
    public var appVersion = ""
    public var deprecated = false
    public var annotations: [String: String] = [:]
    public var kubeVersion = ""
    public var dependencies: [Dependency?] = []
    public var type = ""

    public init() {}
}

/// A YAML value kept as Go's `any` would hold it after sigs.k8s.io/yaml (for `import-values`).
public indirect enum YAMLValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case list([YAMLValue])
    case map([String: YAMLValue])

    init(_ node: Node) {
        switch node {
        case .scalar(let scalar):
            if let value = Bool.construct(from: scalar) { self = .bool(value); return }
            if scalar.style == .plain, scalar.string == "~" || scalar.string == "null" || scalar.string.isEmpty { self = .null; return }
            if scalar.style == .plain, Int.construct(from: scalar) != nil || Double.construct(from: scalar) != nil { self = .number(scalar.string); return }
            self = .string(scalar.string)
        case .sequence(let sequence):
            self = .list(sequence.map(YAMLValue.init))
        case .mapping(let mapping):
            var map: [String: YAMLValue] = [:]
            for (key, value) in mapping { map[key.string ?? ""] = YAMLValue(value) }
            self = .map(map)
        case .alias:
            self = .null
        }
    }
}

extension ChartMetadata {
    /// Parses `Chart.yaml` as Helm does (sigs.k8s.io/yaml into `chart.Metadata`): unknown keys
    /// ignored, scalars accepted where strings are expected, `apiVersion` defaulting to `v1`.
    public init(yaml text: String) throws(ChartArchiveError) {
        self.init()
        do {
            try parse(text)
        } catch let error as ChartArchiveError {
            throw error
        } catch {
            throw ChartArchiveError.chartYAMLUnreadable(String(describing: error))
        }
    }

    private mutating func parse(_ text: String) throws {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw ChartArchiveError.chartYAMLUnreadable(String(describing: error))
        }
        guard let root else { apiVersion = "v1"; return }
        guard case .mapping(let mapping) = root else {
            throw ChartArchiveError.chartYAMLUnreadable("the document is not a mapping of keys to values")
        }
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { continue }
            switch key {
            case "name": name = try Self.string(value, key)
            case "home": home = try Self.string(value, key)
            case "sources": sources = try Self.strings(value, key)
            case "version": version = try Self.string(value, key)
            case "description": description = try Self.string(value, key)
            case "keywords": keywords = try Self.strings(value, key)
            case "maintainers": maintainers = try Self.list(value, key) { node in
                    guard !Self.isNull(node) else { return nil }
                    var maintainer = Maintainer()
                    for (field, content) in try Self.fields(node, "maintainers") {
                        switch field {
                        case "name": maintainer.name = try Self.string(content, "maintainers.name")
                        case "email": maintainer.email = try Self.string(content, "maintainers.email")
                        case "url": maintainer.url = try Self.string(content, "maintainers.url")
                        default: break
                        }
                    }
                    return maintainer
                }
            case "icon": icon = try Self.string(value, key)
            case "apiVersion": apiVersion = try Self.string(value, key)
            case "condition": condition = try Self.string(value, key)
            case "tags": tags = try Self.string(value, key)
            case "appVersion": appVersion = try Self.string(value, key)
            case "deprecated": deprecated = try Self.bool(value, key)
            case "annotations":
                annotations = [:]
                for (field, content) in try Self.fields(value, key) { annotations[field] = try Self.string(content, "annotations.\(field)") }
            case "kubeVersion": kubeVersion = try Self.string(value, key)
            case "dependencies": dependencies = try Self.list(value, key) { node in
                    guard !Self.isNull(node) else { return nil }
                    var dependency = Dependency()
                    for (field, content) in try Self.fields(node, "dependencies") {
                        switch field {
                        case "name": dependency.name = try Self.string(content, "dependencies.name")
                        case "version": dependency.version = try Self.string(content, "dependencies.version")
                        case "repository": dependency.repository = try Self.string(content, "dependencies.repository")
                        case "condition": dependency.condition = try Self.string(content, "dependencies.condition")
                        case "tags": dependency.tags = try Self.strings(content, "dependencies.tags")
                        case "enabled": dependency.enabled = try Self.bool(content, "dependencies.enabled")
                        case "import-values":
                            guard case .sequence(let items) = content else {
                                if Self.isNull(content) { continue }
                                throw ChartArchiveError.chartYAMLUnreadable("dependencies.import-values must be a list")
                            }
                            dependency.importValues = items.map(YAMLValue.init)
                        case "alias": dependency.alias = try Self.string(content, "dependencies.alias")
                        default: break
                        }
                    }
                    return dependency
                }
            case "type": type = try Self.string(value, key)
            default: break
            }
        }
        if apiVersion.isEmpty { apiVersion = "v1" }
    }

    private static func isNull(_ node: Node) -> Bool {
        if case .scalar(let scalar) = node, scalar.style == .plain, ["~", "null", "Null", "NULL", ""].contains(scalar.string) { return true }
        return false
    }

    private static func string(_ node: Node, _ key: String) throws -> String {
        if isNull(node) { return "" }
        guard case .scalar(let scalar) = node else { throw ChartArchiveError.chartYAMLUnreadable("\(key) must be a string") }
        return scalar.string
    }

    private static func bool(_ node: Node, _ key: String) throws -> Bool {
        if isNull(node) { return false }
        guard case .scalar(let scalar) = node, let value = Bool.construct(from: scalar) else { throw ChartArchiveError.chartYAMLUnreadable("\(key) must be true or false") }
        return value
    }

    private static func strings(_ node: Node, _ key: String) throws -> [String] {
        try list(node, key) { item in try string(item, key) }
    }

    private static func list<T>(_ node: Node, _ key: String, _ element: (Node) throws -> T) throws -> [T] {
        if isNull(node) { return [] }
        guard case .sequence(let sequence) = node else { throw ChartArchiveError.chartYAMLUnreadable("\(key) must be a list") }
        var result: [T] = []
        for item in sequence { result.append(try element(item)) }
        return result
    }

    private static func fields(_ node: Node, _ key: String) throws -> [(String, Node)] {
        if isNull(node) { return [] }
        guard case .mapping(let mapping) = node else { throw ChartArchiveError.chartYAMLUnreadable("\(key) must be a mapping") }
        return mapping.map { ($0.key.string ?? "", $0.value) }
    }
}
