import Foundation

/// The OCI artifact Helm 4 installs a plugin from (`helm plugin install oci://HOST/PKEY/NAME:TAG`).
/// Helm 4 has no push for plugins; this is what its pull side asks for (helm/helm
/// pkg/registry/plugin.go `PullPlugin`/`processPluginPull` and pkg/getter/ocigetter.go `getPlugin`
/// at v4.2.4, unchanged in the 4.3.1 build the tests run):
///
/// - `artifactType` `application/vnd.helm.plugin.v1+json`; without one, Helm accepts the config's
///   media type instead. Both are set: Harbor 2.7 predates OCI 1.1's `artifactType` and shows an
///   artifact by its config's media type (goharbor/harbor src/controller/artifact/processor/default.go
///   at v2.7.4), so the plugin is listed as one rather than as an empty config.
/// - the config is `{}`: Helm never fetches it (it pulls only manifests and `…layer.v1.tar[+gzip]`
///   layers), and Harbor's default processor reads it as the artifact's extra attributes.
/// - the package as a `application/vnd.oci.image.layer.v1.tar+gzip` layer titled `NAME-VERSION.tgz`;
///   Helm picks the layer whose `org.opencontainers.image.title` starts with the repository's last
///   component and `-` and ends in `.tgz`.
/// - the provenance, when there is one, titled `NAME-VERSION.tgz.prov`, as
///   `application/vnd.oci.image.layer.v1.tar`: Helm skips layers of any other media type while
///   pulling and then fails the whole install because the provenance it found by title is missing.
public struct PluginManifest: Sendable {
    public static let manifestMediaType = ChartManifest.manifestMediaType
    public static let artifactType = "application/vnd.helm.plugin.v1+json"
    public static let configMediaType = artifactType
    public static let packageLayerMediaType = "application/vnd.oci.image.layer.v1.tar+gzip"
    public static let provenanceLayerMediaType = "application/vnd.oci.image.layer.v1.tar"
    public static let titleAnnotation = "org.opencontainers.image.title"

    public struct Layer: Sendable, Equatable {
        public let mediaType: String
        public let title: String
        public let blob: ChartArchive.Blob
    }

    public let config: [UInt8]
    public let configDigest: String
    /// The package first, then the provenance.
    public let layers: [Layer]
    public let annotations: [String: String]
    public let bytes: [UInt8]
    public let digest: String

    public init(archive: PluginArchive) {
        let metadata = archive.metadata
        config = Array("{}".utf8)
        configDigest = ChartManifest.digest(config)
        let base = "\(metadata.name)-\(metadata.version).tgz"
        var layers = [Layer(mediaType: Self.packageLayerMediaType, title: base, blob: ChartArchive.Blob(file: archive.file, size: archive.size, digest: archive.digest))]
        if let provenance = archive.provenance { layers.append(Layer(mediaType: Self.provenanceLayerMediaType, title: base + ".prov", blob: provenance)) }
        self.layers = layers
        var annotations = ["org.opencontainers.image.title": metadata.name, "org.opencontainers.image.version": metadata.version]
        if !metadata.description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { annotations["org.opencontainers.image.description"] = metadata.description }
        self.annotations = annotations

        var json = GoJSONWriter()
        json.beginObject()
        json.key("schemaVersion")
        json.integer(2)
        json.key("mediaType")
        json.string(Self.manifestMediaType)
        json.key("artifactType")
        json.string(Self.artifactType)
        json.key("config")
        Self.descriptor(&json, mediaType: Self.configMediaType, digest: configDigest, size: Int64(config.count), title: nil)
        json.key("layers")
        json.beginArray()
        for layer in layers { Self.descriptor(&json, mediaType: layer.mediaType, digest: layer.blob.digest, size: layer.blob.size, title: layer.title) }
        json.endArray()
        json.field("annotations", annotations)
        json.endObject()
        bytes = json.bytes
        digest = ChartManifest.digest(bytes)
    }

    private static func descriptor(_ json: inout GoJSONWriter, mediaType: String, digest: String, size: Int64, title: String?) {
        json.beginObject()
        json.key("mediaType")
        json.string(mediaType)
        json.key("digest")
        json.string(digest)
        json.key("size")
        json.integer(size)
        if let title { json.field("annotations", [titleAnnotation: title]) }
        json.endObject()
    }
}
