import Crypto
import Foundation
import HarborCore

/// What `helm push` writes for a chart (helm/helm pkg/registry/client.go `Push` and `tagManifest`,
/// pkg/registry/chart.go `generateOCIAnnotations` at v4.3.1; pkg/registry/client.go and util.go at
/// v3.17.3 produce the same bytes): a config blob, the chart layer, the provenance layer when there
/// is one, layers sorted by digest, an image manifest without a `mediaType` field.
public struct ChartManifest: Sendable {
    public static let manifestMediaType = "application/vnd.oci.image.manifest.v1+json"
    public static let configMediaType = "application/vnd.cncf.helm.config.v1+json"
    public static let chartLayerMediaType = "application/vnd.cncf.helm.chart.content.v1.tar+gzip"
    public static let provenanceLayerMediaType = "application/vnd.cncf.helm.chart.provenance.v1.prov"

    public struct Layer: Sendable, Equatable {
        public let mediaType: String
        public let blob: ChartArchive.Blob
    }

    public let config: [UInt8]
    public let configDigest: String
    /// Sorted by digest, as Helm sorts them.
    public let layers: [Layer]
    public let annotations: [String: String]
    public let bytes: [UInt8]
    public let digest: String

    /// `utcOffset`: seconds east of UTC at a given instant (the local zone's unless a test says).
    public init(archive: ChartArchive, utcOffset: (Int64) -> Int = CivilTime.localOffset(secondsSinceEpoch:)) {
        let metadata = archive.metadata
        config = metadata.configJSON()
        configDigest = Self.digest(config)
        var layers = [Layer(mediaType: Self.chartLayerMediaType, blob: ChartArchive.Blob(file: archive.file, size: archive.size, digest: archive.digest))]
        if let provenance = archive.provenance { layers.append(Layer(mediaType: Self.provenanceLayerMediaType, blob: provenance)) }
        self.layers = layers.sorted { Array($0.blob.digest.utf8).lexicographicallyPrecedes(Array($1.blob.digest.utf8)) }
        annotations = Self.annotations(metadata, created: Self.rfc3339(archive.modificationDate, utcOffset: utcOffset))

        var json = GoJSONWriter()
        json.beginObject()
        json.key("schemaVersion")
        json.integer(2)
        json.key("config")
        Self.descriptor(&json, mediaType: Self.configMediaType, digest: configDigest, size: Int64(config.count))
        json.key("layers")
        json.beginArray()
        for layer in self.layers { Self.descriptor(&json, mediaType: layer.mediaType, digest: layer.blob.digest, size: layer.blob.size) }
        json.endArray()
        json.field("annotations", annotations)
        json.endObject()
        bytes = json.bytes
        digest = Self.digest(bytes)
    }

    /// The OCI annotations: description, title, version, url, created, source, authors when not
    /// blank, then every Chart.yaml annotation except title and version.
    static func annotations(_ metadata: ChartMetadata, created: String) -> [String: String] {
        var result: [String: String] = [:]
        func add(_ key: String, _ value: String) {
            if !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { result[key] = value }
        }
        add("org.opencontainers.image.description", metadata.description)
        add("org.opencontainers.image.title", metadata.name)
        add("org.opencontainers.image.version", metadata.version)
        add("org.opencontainers.image.url", metadata.home)
        add("org.opencontainers.image.created", created)
        if let source = metadata.sources.first { add("org.opencontainers.image.source", source) }
        if !metadata.maintainers.isEmpty {
            let authors = metadata.maintainers.compactMap { $0 }.map { maintainer in
                maintainer.name + (maintainer.email.isEmpty ? "" : " (\(maintainer.email))")
            }
            add("org.opencontainers.image.authors", authors.joined(separator: ", "))
        }
        for (key, value) in metadata.annotations where key != "org.opencontainers.image.title" && key != "org.opencontainers.image.version" {
            result[key] = value
        }
        return result
    }

    /// Go's `time.RFC3339` layout (`2006-01-02T15:04:05Z07:00`, `Z` for UTC), whole seconds, at
    /// the zone's offset for that instant.
    package static func rfc3339(_ date: Date, utcOffset: (Int64) -> Int = CivilTime.localOffset(secondsSinceEpoch:)) -> String {
        RFC3339.format(date, utcOffset: utcOffset(Int64(date.timeIntervalSince1970.rounded(.down))))
    }

    private static func descriptor(_ json: inout GoJSONWriter, mediaType: String, digest: String, size: Int64) {
        json.beginObject()
        json.key("mediaType")
        json.string(mediaType)
        json.key("digest")
        json.string(digest)
        json.key("size")
        json.integer(size)
        json.endObject()
    }

    static func digest(_ bytes: [UInt8]) -> String { "sha256:" + ChartArchive.hex(SHA256.hash(data: bytes)) }
}
