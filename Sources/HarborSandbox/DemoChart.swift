import Foundation

/// A tiny but valid Helm chart package (`NAME-VERSION.tgz`) and its OCI config, as `helm package`/`helm push` make them.
package struct HelmChart: Sendable {
    static let configMediaType = "application/vnd.cncf.helm.config.v1+json"
    static let contentMediaType = "application/vnd.cncf.helm.chart.content.v1.tar+gzip"

    let name: String
    let version: String
    let appVersion: String
    let description: String

    package init(name: String, version: String, appVersion: String = "1.0.0", description: String = "A tiny chart seeded by harbor-sandbox") {
        self.name = name
        self.version = version
        self.appVersion = appVersion
        self.description = description
    }

    var chartYAML: String {
        """
        apiVersion: v2
        name: \(name)
        description: \(description)
        type: application
        version: \(version)
        appVersion: "\(appVersion)"

        """
    }

    /// The `.tgz` Helm unpacks: everything under `NAME/`.
    package var archive: Data {
        var tar = TarWriter()
        tar.addFile(path: "\(name)/Chart.yaml", contents: Data(chartYAML.utf8))
        tar.addFile(path: "\(name)/values.yaml", contents: Data("message: hello from harbor-sandbox\n".utf8))
        tar.addFile(
            path: "\(name)/templates/configmap.yaml",
            contents: Data(
                """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: {{ .Release.Name }}-\(name)
                data:
                  message: {{ .Values.message | quote }}

                """.utf8))
        return Gzip.compressStored(tar.finish())
    }

    /// The config blob: Chart.yaml as JSON (Harbor shows it as the artifact's `extra_attrs`).
    var configJSON: Data {
        let object: [String: String] = [
            "name": name, "version": version, "description": description, "apiVersion": "v2", "appVersion": appVersion,
            "type": "application",
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(object)) ?? Data("{}".utf8)
    }
}

/// A one-layer image: a file in a gzip'd tar, an OCI image config and manifest.
struct TinyImage: Sendable {
    let label: String

    var layerTar: Data {
        var tar = TarWriter()
        tar.addFile(path: "hello.txt", contents: Data("hello from harbor-sandbox: \(label)\n".utf8))
        return tar.finish()
    }

    func configJSON(layerTar: Data) -> Data {
        let json = """
            {"architecture":"amd64","os":"linux","created":"2024-01-01T00:00:00Z","author":"harbor-sandbox",\
            "config":{"Cmd":["/bin/true"]},"rootfs":{"type":"layers","diff_ids":["\(sha256Digest(layerTar))"]}}
            """
        return Data(json.utf8)
    }
}

/// An OCI image manifest for one config and its layers.
func ociManifest(configMediaType: String, config: Data, layers: [(mediaType: String, data: Data)], annotations: [String: String] = [:]) -> Data {
    func descriptor(_ mediaType: String, _ data: Data) -> String {
        #"{"mediaType":"\#(mediaType)","digest":"\#(sha256Digest(data))","size":\#(data.count)}"#
    }
    var json = #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":"#
    json += descriptor(configMediaType, config)
    json += #","layers":["# + layers.map { descriptor($0.mediaType, $0.data) }.joined(separator: ",") + "]"
    if !annotations.isEmpty {
        let pairs = annotations.sorted { $0.key < $1.key }.map { #""\#($0.key)":"\#($0.value)""# }
        json += #","annotations":{"# + pairs.joined(separator: ",") + "}"
    }
    return Data((json + "}").utf8)
}

/// Pushes fixture content into the registry before the sandbox reports ready.
struct Seeder: Sendable {
    let client: RegistryClient
    let state: SandboxState

    func seed(project: String, repository: Fixture.SeedRepository) async throws {
        let name = "\(project)/\(repository.name)"
        switch repository.kind {
        case .chart:
            let chartName = repository.name.split(separator: "/").last.map(String.init) ?? repository.name
            for version in repository.tags {
                let chart = HelmChart(name: chartName, version: version)
                try await push(name, tag: version, configMediaType: HelmChart.configMediaType, config: chart.configJSON,
                               layer: (HelmChart.contentMediaType, chart.archive))
            }
        case .image:
            let image = TinyImage(label: name)
            let tar = image.layerTar
            let layer = Gzip.compressStored(tar)
            for tag in repository.tags {
                try await push(name, tag: tag, configMediaType: "application/vnd.oci.image.config.v1+json",
                               config: image.configJSON(layerTar: tar), layer: ("application/vnd.oci.image.layer.v1.tar+gzip", layer))
            }
        }
    }

    private func push(_ repository: String, tag: String, configMediaType: String, config: Data, layer: (String, Data)) async throws {
        try await client.pushBlob(repository, config)
        try await client.pushBlob(repository, layer.1)
        let manifest = ociManifest(configMediaType: configMediaType, config: config, layers: [(layer.0, layer.1)])
        let digest = try await client.pushManifest(repository, reference: tag, manifest, mediaType: "application/vnd.oci.image.manifest.v1+json")
        state.notePush(repository: repository, digest: digest)
    }
}
