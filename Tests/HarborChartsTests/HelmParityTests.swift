import AsyncHTTPClient
import Foundation
import HarborRegistry
import HarborTestSupport
import Testing

import HarborCharts

/// The manifest we compute must be byte-identical to what real `helm push` stores for the same
/// file: Helm 4.3.1 and 3.17.3 push to a real registry on loopback and we read their manifest back.
@Suite("Byte-identical to helm push", .serialized)
struct HelmParityTests {
    static func helmPush(_ version: String, _ file: URL, to registry: LocalRegistry, project: String, scratch: Scratch) async throws -> CompletedProcess {
        let helm = try Helm.binary(version: version)
        return try await ProcessRunner.run(helm, ["push", file.path, "oci://\(registry.host)/\(project)", "--plain-http"], environment: ProcessRunner.inheritedEnvironment(adding: PackagedChart.helmEnvironment(scratch)))
    }

    static let richChartYAML = """
        apiVersion: v2
        name: rich
        description: "A chart with <tags> & \\"quotes\\"\\tand\\u0007 bells"
        type: application
        version: 1.2.3-rc.1+build.5
        appVersion: "2024.1"
        home: https://example.com/rich
        icon: https://example.com/icon.png
        sources:
          - https://github.com/example/rich
          - https://github.com/example/other
        keywords: [web, "two words"]
        kubeVersion: ">=1.25.0-0"
        deprecated: true
        maintainers:
          - name: Ann Example
            email: ann@example.com
            url: https://example.com/ann
          - name: Bob
        annotations:
          org.opencontainers.image.title: must-not-win
          org.opencontainers.image.url: https://override.example.com
          category: Infrastructure
          empty: ""
        dependencies:
          - name: sub
            version: 1.x.x
            repository: "oci://registry.example.com/charts"
            condition: sub.enabled
            tags: [backend]
            alias: sub-alias
            import-values:
              - child: data
                parent: imported
              - simple
        """

    @Test("helm create chart, rich Chart.yaml with '+' in the version, and a provenance file", arguments: ["plain", "rich", "provenance"])
    func sameManifestAsHelm(_ variant: String) async throws {
        let registry = try await LocalRegistry.start()
        let scratch = try Scratch()
        let file = try await PackagedChart.make(variant == "rich" ? "rich" : "demo", in: scratch, chartYAML: variant == "rich" ? Self.richChartYAML : nil)
        if variant == "provenance" {
            // Any bytes do: Helm pushes the file beside the chart as it is.
            try "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\nname: demo\n".write(to: URL(fileURLWithPath: file.path + ".prov"), atomically: true, encoding: .utf8)
        }
        let archive = try ChartArchive.read(file)
        let ours = ChartManifest(archive: archive)
        let target = try ChartTarget(host: registry.host, project: "p", metadata: archive.metadata)
        for version in ["4.3.1", "3.17.3"] {
            let project = "helm" + version.replacingOccurrences(of: ".", with: "")
            let pushed = try await Self.helmPush(version, file, to: registry, project: project, scratch: scratch)
            #expect(pushed.status == 0, "helm \(version) push: \(pushed.stderr)")
            let theirs = try await registry.manifest("\(project)/\(archive.metadata.name)", target.tag)
            #expect(String(decoding: theirs, as: UTF8.self) == String(decoding: ours.bytes, as: UTF8.self), "Helm \(version)")
            #expect((pushed.stdout + pushed.stderr).contains("Digest: \(ours.digest)"))
            let config = try await registry.get("/v2/\(project)/\(archive.metadata.name)/blobs/\(ours.configDigest)")
            #expect(config.body == ours.config)
        }
        if variant == "rich" {
            #expect(target.tag == "1.2.3-rc.1_build.5")
            #expect(ours.layers.count == 1)
        }
        if variant == "provenance" {
            #expect(ours.layers.map(\.mediaType).sorted() == [ChartManifest.chartLayerMediaType, ChartManifest.provenanceLayerMediaType])
        }
    }
}
