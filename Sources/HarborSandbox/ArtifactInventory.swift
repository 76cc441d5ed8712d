import Foundation

/// What the child registry really stores, shaped like Harbor's repository and artifact models.
package struct ArtifactInventory: Sendable {
    let client: RegistryClient
    let state: SandboxState

    static let helmConfigMediaType = "application/vnd.cncf.helm.config.v1+json"

    struct RepositoryInfo: Sendable {
        let name: String
        let artifactCount: Int
        let creationTime: Date
    }

    struct ArtifactInfo: Sendable {
        let digest: String
        let type: String
        let mediaType: String
        let manifestMediaType: String
        let size: Int
        let tags: [String]
        let pushTime: Date
        let extraAttributes: JSONValue?
        let references: [(digest: String, platform: JSONValue?)]
    }

    /// Repositories of one project, from the registry catalog.
    func repositories(project: String) async throws -> [String] {
        try await client.catalog().filter { $0.hasPrefix(project + "/") }
    }

    func repositoryInfo(_ name: String) async throws -> RepositoryInfo {
        let digests = Set(try await manifestDigests(name).values)
        return RepositoryInfo(name: name, artifactCount: digests.count, creationTime: state.creationTime(repository: name))
    }

    /// tag → digest
    private func manifestDigests(_ repository: String) async throws -> [String: String] {
        var result: [String: String] = [:]
        for tag in try await client.tags(repository) {
            if let manifest = try await client.manifest(repository, reference: tag) { result[tag] = manifest.digest }
        }
        return result
    }

    /// Tagged artifacts of a repository (the registry cannot list untagged manifests).
    func artifacts(_ repository: String) async throws -> [ArtifactInfo] {
        var byDigest: [String: (manifest: RegistryClient.Manifest, tags: [String])] = [:]
        for tag in try await client.tags(repository).sorted() {
            guard let manifest = try await client.manifest(repository, reference: tag) else { continue }
            byDigest[manifest.digest, default: (manifest, [])].tags.append(tag)
        }
        var artifacts: [ArtifactInfo] = []
        for (digest, entry) in byDigest {
            artifacts.append(try await describe(repository, digest: digest, manifest: entry.manifest, tags: entry.tags))
        }
        return artifacts
    }

    private func describe(_ repository: String, digest: String, manifest: RegistryClient.Manifest, tags: [String]) async throws -> ArtifactInfo {
        let json = (try? JSONDecoder().decode(JSONValue.self, from: manifest.data)) ?? .null
        let manifestMediaType = json["mediaType"]?.string ?? manifest.mediaType
        var size = manifest.data.count
        var type = "UNKNOWN"
        var mediaType = manifestMediaType
        var extra: JSONValue?
        var references: [(String, JSONValue?)] = []
        if let children = json["manifests"]?.array {
            // image index / manifest list (processor/image/index.go)
            type = "IMAGE"
            for child in children {
                if let childDigest = child["digest"]?.string { references.append((childDigest, child["platform"])) }
                size += child["size"]?.int ?? 0
            }
        } else if let config = json["config"] {
            let configMediaType = config["mediaType"]?.string ?? ""
            mediaType = configMediaType
            size += config["size"]?.int ?? 0
            for layer in json["layers"]?.array ?? [] { size += layer["size"]?.int ?? 0 }
            switch configMediaType {
            case ArtifactInventory.helmConfigMediaType:
                type = "CHART"
                if let digest = config["digest"]?.string, let blob = try await client.blob(repository, digest: digest) {
                    extra = try? JSONDecoder().decode(JSONValue.self, from: blob)
                }
            case "application/vnd.oci.image.config.v1+json", "application/vnd.docker.container.image.v1+json":
                type = "IMAGE"
                if let digest = config["digest"]?.string, let blob = try await client.blob(repository, digest: digest),
                    let imageConfig = try? JSONDecoder().decode(JSONValue.self, from: blob)
                {
                    var attributes: [String: JSONValue] = [:]
                    for key in ["architecture", "os", "created", "author", "config"] {
                        if let value = imageConfig[key] { attributes[key] = value }
                    }
                    extra = .object(attributes)
                }
            case "application/vnd.cnab.config.v1+json":
                type = "CNAB"
            case "application/vnd.wasm.config.v1+json":
                type = "WASM"
            default:
                // The default processor (goharbor/harbor src/controller/artifact/processor/default.go
                // at v2.7.4): the type is what `^application/vnd\.[^.]*\.(.*)\.config\.[^.]*\+json$`
                // captures, upper-cased, else UNKNOWN (Harbor 2.7 does not read OCI 1.1's
                // `artifactType`, so a Helm plugin, config `application/vnd.helm.plugin.v1+json`, is
                // UNKNOWN with that media type); the config's JSON becomes `extra_attrs`.
                type = Self.defaultProcessorType(configMediaType)
                if config["size"]?.int != 0, let digest = config["digest"]?.string, let blob = try await client.blob(repository, digest: digest) {
                    extra = try? JSONDecoder().decode(JSONValue.self, from: blob)
                }
            }
        }
        return ArtifactInfo(
            digest: digest, type: type, mediaType: mediaType, manifestMediaType: manifestMediaType, size: size, tags: tags,
            pushTime: state.pushTime(repository: repository, digest: digest), extraAttributes: extra, references: references)
    }
}

extension ArtifactInventory {
    /// `artifactTypeRegExp` of Harbor's default processor, without a regular-expression engine:
    /// `application/vnd.` VENDOR `.` TYPE `.config.` VERSION `+json`, VENDOR and VERSION without dots.
    package static func defaultProcessorType(_ mediaType: String) -> String {
        let prefix = "application/vnd.", suffix = "+json"
        guard mediaType.hasPrefix(prefix), mediaType.hasSuffix(suffix), mediaType.count > prefix.count + suffix.count else { return "UNKNOWN" }
        let middle = mediaType.dropFirst(prefix.count).dropLast(suffix.count)
        guard let vendorEnd = middle.firstIndex(of: ".") else { return "UNKNOWN" }
        let rest = middle[middle.index(after: vendorEnd)...]
        // The greedy `(.*)` ends at the last `.config.` after which no dot follows.
        guard let marker = rest.range(of: ".config.", options: .backwards), !rest[marker.upperBound...].contains(".") else { return "UNKNOWN" }
        return rest[..<marker.lowerBound].uppercased()
    }
}

/// A JSON value, for passing through content Harbor shows verbatim (`extra_attrs`).
enum JSONValue: Codable, Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if value == value.rounded(), abs(value) < 1e15 { try container.encode(Int64(value)) } else { try container.encode(value) }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    var string: String? { if case .string(let value) = self { return value } else { return nil } }
    var int: Int? { if case .number(let value) = self { return Int(value) } else { return nil } }
    var array: [JSONValue]? { if case .array(let value) = self { return value } else { return nil } }
}
