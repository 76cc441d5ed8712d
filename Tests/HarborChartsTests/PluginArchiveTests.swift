import Foundation
import HarborTestSupport
import Testing

import HarborCharts

/// Helm plugin packages beside charts: which `.tgz` is which, what is refused, and the manifest
/// Helm 4's plugin installer reads.
@Suite("Plugin packages: recognised, checked, laid out for Helm 4")
struct PluginArchiveTests {
    static let pluginYAML = "name: harbor\nversion: 0.3.1\nusage: Harbor from Helm\ncommand: $HELM_PLUGIN_DIR/bin/helm-harbor\n"

    static func write(_ build: (inout TarBuilder) -> Void, in scratch: Scratch, name: String = "harbor-0.3.1.tgz") async throws -> URL {
        var tar = TarBuilder()
        build(&tar)
        tar.end()
        let file = scratch.path(name)
        try Data(try await tar.gzipped()).write(to: file)
        return file
    }

    static func plugin(_ file: URL) throws -> PluginArchive {
        guard case .plugin(let plugin) = try PushableArchive.read(file) else { throw TestSupportError("\(file.lastPathComponent) was not read as a plugin") }
        return plugin
    }

    @Test("helm plugin package's layout (DIR/plugin.yaml) with a binary above Helm's chart file limit is a plugin")
    func directoryLayout() async throws {
        let scratch = try Scratch()
        let file = try await Self.write({ tar in
            tar.directory("harbor/")
            tar.zeros("harbor/bin/helm-harbor", size: Int(ChartArchive.maxDecompressedFileSize) + 1)
            tar.file("harbor/plugin.yaml", Self.pluginYAML)
        }, in: scratch)
        let plugin = try Self.plugin(file)
        #expect(plugin.metadata.name == "harbor")
        #expect(plugin.metadata.version == "0.3.1")
        #expect(plugin.metadata.description == "Harbor from Helm")
        #expect(plugin.pluginYAMLPath == "harbor/plugin.yaml")
        #expect(plugin.digest == (try ChartArchive.blob(file)).digest)
        #expect(plugin.provenance == nil)
    }

    @Test("plugin.yaml at the top of the archive is a plugin too")
    func topLayout() async throws {
        let scratch = try Scratch()
        let file = try await Self.write({ tar in
            tar.file("./plugin.yaml", Self.pluginYAML)
            tar.file("./bin/helm-harbor", "#!/bin/sh\n")
        }, in: scratch)
        #expect(try Self.plugin(file).pluginYAMLPath == "plugin.yaml")
    }

    @Test("a chart stays a chart, even with a plugin.yaml inside")
    func chartWins() async throws {
        let scratch = try Scratch()
        let file = try await Self.write({ tar in
            tar.file("demo/Chart.yaml", "apiVersion: v2\nname: demo\nversion: 1.0.0\n")
            tar.file("demo/plugin.yaml", Self.pluginYAML)
        }, in: scratch, name: "demo-1.0.0.tgz")
        guard case .chart(let chart) = try PushableArchive.read(file) else { Issue.record("not read as a chart"); return }
        #expect(chart.metadata.name == "demo")
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        let label: String
        let expected: PushableArchive.Failure
        let build: @Sendable (inout TarBuilder) -> Void
        var testDescription: String { label }
    }

    static let refusals: [Refusal] = [
        Refusal(label: "neither chart nor plugin", expected: .neitherChartNorPlugin) { $0.file("notes/README.md", "hello\n") },
        Refusal(label: "no name", expected: .plugin(.missingField(path: "tool/plugin.yaml", field: "name"))) { $0.file("tool/plugin.yaml", "version: 1.0.0\n") },
        Refusal(label: "no version", expected: .plugin(.missingField(path: "tool/plugin.yaml", field: "version"))) { $0.file("tool/plugin.yaml", "name: tool\n") },
        Refusal(label: "version with a v", expected: .plugin(.invalidVersion(version: "v1.0.0", reason: "it is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.2.0, without a leading 'v')"))) {
            $0.file("tool/plugin.yaml", "name: tool\nversion: v1.0.0\n")
        },
        Refusal(label: "two-part version", expected: .plugin(.invalidVersion(version: "1.0", reason: "it is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.2.0, without a leading 'v')"))) {
            $0.file("tool/plugin.yaml", "name: tool\nversion: 1.0\n")
        },
        Refusal(label: "upper-case name", expected: .plugin(.invalidName(name: "Tool", reason: "it is not a valid OCI repository name: upper-case letters are not allowed; rename the plugin in plugin.yaml in lower case"))) {
            $0.file("tool/plugin.yaml", "name: Tool\nversion: 1.0.0\n")
        },
        Refusal(label: "a name Helm refuses", expected: .plugin(.invalidName(name: "my.tool", reason: "Helm allows only letters, digits, '_' and '-' in a plugin name"))) {
            $0.file("tool/plugin.yaml", "name: my.tool\nversion: 1.0.0\n")
        },
        Refusal(label: "a path outside the plugin", expected: .plugin(.illegalPath("tool/../../etc/passwd refers to a parent directory"))) { tar in
            tar.file("tool/plugin.yaml", "name: tool\nversion: 1.0.0\n")
            tar.file("tool/../../etc/passwd", "x\n")
        },
        Refusal(label: "two plugins", expected: .plugin(.severalPlugins(["a/plugin.yaml", "b/plugin.yaml"]))) { tar in
            tar.file("b/plugin.yaml", "name: b\nversion: 1.0.0\n")
            tar.file("a/plugin.yaml", "name: a\nversion: 1.0.0\n")
        },
    ]

    @Test("refused with what is wrong", arguments: refusals)
    func refused(_ refusal: Refusal) async throws {
        let scratch = try Scratch()
        let file = try await Self.write(refusal.build, in: scratch, name: "x.tgz")
        #expect(throws: refusal.expected) { try PushableArchive.read(file) }
    }

    @Test("a version whose tag is too long for OCI is refused when the target is made")
    func longTag() throws {
        var metadata = PluginMetadata()
        metadata.name = "tool"
        metadata.version = "1.0.0-" + String(repeating: "a", count: 130)
        #expect(throws: PluginArchiveError.invalidTag(tag: metadata.version, version: metadata.version)) {
            try ChartTarget(host: "h", project: "p", plugin: metadata)
        }
        metadata.version = "1.0.0+build.7"
        let target = try ChartTarget(host: "h", project: "p", plugin: metadata)
        #expect(target.reference == "h/p/tool:1.0.0_build.7")
        #expect(target.pluginInstallCommand(plainHTTP: false) == "helm plugin install oci://h/p/tool:1.0.0_build.7")
    }

    @Test("semantic versions as Helm 4 checks them", arguments: [
        ("1.0.0", true), ("0.3.1-rc.1", true), ("1.0.0+build.5", true), ("10.20.30-alpha.beta-1+x", true),
        ("1.0", false), ("v1.0.0", false), ("01.0.0", false), ("1.0.0-01", false), ("1.0.0-", false), ("1.0.0+", false), ("", false),
    ])
    func semver(_ version: String, valid: Bool) {
        #expect(SemanticVersion.isStrict(version) == valid)
    }

    @Test("the manifest: Helm's artifact type, {} config, the package then the provenance, titled NAME-VERSION.tgz[.prov]")
    func manifest() async throws {
        let scratch = try Scratch()
        let file = try await Self.write({ $0.file("harbor/plugin.yaml", Self.pluginYAML) }, in: scratch)
        let bare = PluginManifest(archive: try Self.plugin(file))
        try Data("-----BEGIN PGP SIGNED MESSAGE-----\n".utf8).write(to: URL(fileURLWithPath: file.path + ".prov"))
        let signed = PluginManifest(archive: try Self.plugin(file))
        #expect(bare.layers.count == 1)
        #expect(signed.layers.map(\.title) == ["harbor-0.3.1.tgz", "harbor-0.3.1.tgz.prov"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(signed.bytes)) as? [String: Any])
        #expect(json["artifactType"] as? String == "application/vnd.helm.plugin.v1+json")
        let config = try #require(json["config"] as? [String: Any])
        #expect(config["mediaType"] as? String == "application/vnd.helm.plugin.v1+json")
        #expect(config["size"] as? Int == 2)
        #expect(signed.config == Array("{}".utf8))
        let layers = try #require(json["layers"] as? [[String: Any]])
        #expect(layers.map { $0["mediaType"] as? String } == ["application/vnd.oci.image.layer.v1.tar+gzip", "application/vnd.oci.image.layer.v1.tar"])
        #expect((json["annotations"] as? [String: String])?["org.opencontainers.image.version"] == "0.3.1")
    }
}
