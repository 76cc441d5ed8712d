import AsyncHTTPClient
import Foundation
import HarborTestSupport
import Testing

import HarborCharts

/// `helm harbor push` run by real Helm 4.3.1 as its plugin, compared with real `helm push` of the
/// same file, and read back by real Helm 3.9.4 and 4.3.1.
@Suite("helm harbor push through real Helm", .serialized)
struct HelmPluginPushTests {
    /// A Helm plugin directory with the repository's plugin.yaml and the built helm-harbor.
    static func pluginsDirectory(in scratch: Scratch) throws -> URL {
        let plugins = scratch.path("plugins")
        let plugin = plugins.appendingPathComponent("harbor")
        try FileManager.default.createDirectory(at: plugin.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: URL(fileURLWithPath: BuiltProducts.repository).appendingPathComponent("plugin.yaml"), to: plugin.appendingPathComponent("plugin.yaml"))
        try FileManager.default.createSymbolicLink(at: plugin.appendingPathComponent("bin/helm-harbor"), withDestinationURL: URL(fileURLWithPath: try BuiltProducts.directory() + "/helm-harbor"))
        return plugins
    }

    @Test("same digest as real helm push; Helm 3.9.4 and 4.3.1 pull and show it; listed as CHART")
    func throughRealHelm() async throws {
        let sandbox = try await PushCommandTests.neighbourSandbox.get()
        let scratch = try Scratch()
        let file = try await PackagedChart.make("viahelm", in: scratch)
        let helm4 = try Helm.binary(version: "4.3.1")
        var environment = PackagedChart.helmEnvironment(scratch)
        environment["HELM_PLUGINS"] = try Self.pluginsDirectory(in: scratch).path
        environment["HOME"] = scratch.url.path
        environment["HARBOR_USERNAME"] = "alice"
        environment["HARBOR_CLI_SECRET"] = "Alice-secret-1"
        environment["HARBOR_INSTANCE"] = sandbox.host
        // A zone east of UTC with a half hour: the `created` annotation must carry the offset as
        // Go's time.Format(time.RFC3339) writes it, or the digests differ.
        environment["TZ"] = "Asia/Kolkata"

        let ours = try await ProcessRunner.run(helm4, ["harbor", "push", file.path, "\(sandbox.host)/team"], environment: ProcessRunner.inheritedEnvironment(adding: environment))
        #expect(ours.status == 0, "helm harbor push: \(ours.stdout) \(ours.stderr)")
        let theirs = try await ProcessRunner.run(helm4, ["push", file.path, "oci://\(sandbox.host)/other", "--plain-http", "--username", "alice", "--password", "Alice-secret-1"], environment: ProcessRunner.inheritedEnvironment(adding: environment))
        #expect(theirs.status == 0, "helm push: \(theirs.stderr)")
        let digest = try #require(ours.stdout.split(separator: "\n").first { $0.hasPrefix("Digest: ") })
        #expect(theirs.stdout.contains(String(digest)), "ours: \(ours.stdout) theirs: \(theirs.stdout)")
        var manifestRequest = HTTPClientRequest(url: sandbox.baseURL.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/v2/team/viahelm/manifests/0.1.0")
        manifestRequest.headers.add(name: "Authorization", value: "Basic " + Data("alice:Alice-secret-1".utf8).base64EncodedString())
        manifestRequest.headers.add(name: "Accept", value: ChartManifest.manifestMediaType)
        let manifest = String(buffer: try await HTTPClient.shared.execute(manifestRequest, timeout: .seconds(10)).body.collect(upTo: 1 << 20))
        #expect(manifest.contains("+05:30\""), "the created time is not in the TZ zone: \(manifest)")

        // The public project: anonymous pulls by both Helm generations.
        let open = try await ProcessRunner.run(helm4, ["harbor", "push", file.path, "oci://\(sandbox.host)/open", "--format", "json"], environment: ProcessRunner.inheritedEnvironment(adding: environment))
        #expect(open.status == 0, "\(open.stderr)")
        for version in ["3.9.4", "4.3.1"] {
            let helm = try Helm.binary(version: version)
            let destination = scratch.path("pulled-\(version)")
            try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
            var pull = ["pull", "oci://\(sandbox.host)/open/viahelm", "--version", "0.1.0", "--destination", destination.path]
            var show = ["show", "chart", "oci://\(sandbox.host)/open/viahelm", "--version", "0.1.0"]
            if version != "3.9.4" { pull.append("--plain-http"); show.append("--plain-http") }
            let pulled = try await ProcessRunner.run(helm, pull, environment: ProcessRunner.inheritedEnvironment(adding: PackagedChart.helmEnvironment(scratch)))
            #expect(pulled.status == 0, "helm \(version) pull: \(pulled.stderr)")
            #expect(try Data(contentsOf: destination.appendingPathComponent("viahelm-0.1.0.tgz")) == Data(contentsOf: file))
            let shown = try await ProcessRunner.run(helm, show, environment: ProcessRunner.inheritedEnvironment(adding: PackagedChart.helmEnvironment(scratch)))
            #expect(shown.stdout.contains("name: viahelm"), "helm \(version) show chart: \(shown.stderr)")
        }

        var request = HTTPClientRequest(url: sandbox.baseURL.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/api/v2.0/projects/team/repositories/viahelm/artifacts")
        request.headers.add(name: "Authorization", value: "Basic " + Data("alice:Alice-secret-1".utf8).base64EncodedString())
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
        #expect(body.contains("\"type\":\"CHART\"") || body.contains("\"type\" : \"CHART\""), "\(body)")
        #expect(body.contains(String(digest.dropFirst("Digest: ".count))))
    }
}
