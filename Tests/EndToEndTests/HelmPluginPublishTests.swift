import AsyncHTTPClient
import Foundation
import HarborTestSupport
import Testing

import HarborCharts

/// Publishing the Helm plugin to Harbor itself: the repository's own plugin files and the built
/// helm-harbor, packaged and signed by real Helm 4.3.1 (`helm plugin package --sign`), pushed with
/// `helm harbor push`, installed back by real Helm 4.3.1 (`helm plugin install oci://…`, which
/// verifies the signature by default), and run from there.
@Suite("helm harbor push of the Helm plugin itself, installed back by Helm 4", .serialized)
struct HelmPluginPublishTests {
    /// Helm's constants, as Helm 4's pull side names them (helm/helm pkg/registry/plugin.go
    /// `PluginArtifactType`, and the layer media types `PullPlugin` accepts, at v4.2.4).
    static let helmPluginArtifactType = "application/vnd.helm.plugin.v1+json"
    static let helmPluginLayerMediaTypes: Set<String> = ["application/vnd.oci.image.layer.v1.tar", "application/vnd.oci.image.layer.v1.tar+gzip"]

    /// The plugin's directory as a release ships it: plugin.yaml, its install hook and
    /// completions from the repository, and the built helm-harbor as bin/helm-harbor (a copy).
    static func pluginSource(in directory: URL) throws -> URL {
        let source = directory.appendingPathComponent("harbor")
        let repository = URL(fileURLWithPath: BuiltProducts.repository)
        let manager = FileManager.default
        try manager.createDirectory(at: source.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try manager.createDirectory(at: source.appendingPathComponent("scripts"), withIntermediateDirectories: true)
        for file in ["plugin.yaml", "completion.yaml", "plugin.complete", "scripts/helm-plugin-install.sh", "scripts/release-build-flags.sh"]
        where manager.fileExists(atPath: repository.appendingPathComponent(file).path) {
            try manager.copyItem(at: repository.appendingPathComponent(file), to: source.appendingPathComponent(file))
        }
        try manager.copyItem(at: URL(fileURLWithPath: try BuiltProducts.directory() + "/helm-harbor"), to: source.appendingPathComponent("bin/helm-harbor"))
        return source
    }

    /// A signing key in a throw-away GnuPG home, exported as the keyrings Helm reads (it reads
    /// files, not gpg-agent): secret keys to sign with, public keys to verify with.
    static func signingKeyrings(in scratch: Scratch) async throws -> (secret: String, public: String, name: String) {
        let gnupg = scratch.path("gnupg")
        try FileManager.default.createDirectory(at: gnupg, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let name = "Harbor Plugins Release Test <release-test@example.invalid>"
        let environment = ProcessRunner.inheritedEnvironment(adding: ["GNUPGHOME": gnupg.path])
        let generated = try await ProcessRunner.run(
            "gpg", ["--batch", "--pinentry-mode", "loopback", "--passphrase", "", "--quick-gen-key", name, "ed25519", "sign", "never"], environment: environment)
        guard generated.status == 0 else { throw TestSupportError("gpg --quick-gen-key: \(generated)") }
        let secret = scratch.path("secring.gpg").path, publicRing = scratch.path("pubring.gpg").path
        for (arguments, output) in [(["--export-secret-keys"], secret), (["--export"], publicRing)] {
            let exported = try await ProcessRunner.run("gpg", ["--batch", "--output", output] + arguments, environment: environment)
            guard exported.status == 0 else { throw TestSupportError("gpg \(arguments): \(exported)") }
        }
        return (secret, publicRing, name)
    }

    static func pluginVersion() throws -> String {
        let yaml = try String(contentsOfFile: BuiltProducts.repository + "/plugin.yaml", encoding: .utf8)
        let line = try #require(yaml.split(separator: "\n").first { $0.hasPrefix("version:") })
        return line.dropFirst("version:".count).trimmingCharacters(in: CharacterSet(charactersIn: " \"'"))
    }

    @Test("helm plugin package --sign, helm harbor push, helm plugin install oci:// (verified), helm harbor version runs")
    func publishAndInstall() async throws {
        let sandbox = try await PushCommandTests.neighbourSandbox.get()
        let scratch = try Scratch()
        let helm = try await Helm(version: "4.3.1", home: scratch.path("home").path)
        let version = try Self.pluginVersion()
        let keys = try await Self.signingKeyrings(in: scratch)

        // Package and sign as a release does.
        let source = try Self.pluginSource(in: scratch.path("src"))
        let packaged = try await helm.run(["plugin", "package", source.path, "--key", keys.name, "--keyring", keys.secret, "-d", scratch.url.path])
        try #require(packaged.status == 0, "helm plugin package: \(packaged)")
        let package = scratch.path("harbor-\(version).tgz")
        #expect(FileManager.default.fileExists(atPath: package.path + ".prov"), "\(packaged)")

        // Log in once, as a user does; push the plugin to the private project.
        let login = try await helm.run(["harbor", "login", sandbox.host, "-u", "alice", "--password-stdin"], stdin: "Alice-secret-1")
        try #require(login.status == 0, "helm harbor login: \(login)")
        let pushed = try await helm.run(["harbor", "push", package.path, "\(sandbox.host)/team"])
        try #require(pushed.status == 0, "helm harbor push: \(pushed)")
        #expect(pushed.stdout.contains("Pushed: \(sandbox.host)/team/harbor:\(version)"), "\(pushed.stdout)")
        #expect(pushed.stdout.contains("Install with: helm plugin install oci://\(sandbox.host)/team/harbor:\(version) --plain-http"), "\(pushed.stdout)")

        // What the registry holds, read by an independent client: Helm's artifact type, two layers of
        // media types Helm pulls, titled as Helm looks them up.
        let skopeo = try requireTool("skopeo")
        let raw = try await ProcessRunner.run(skopeo.path, ["inspect", "--raw", "--tls-verify=false", "--authfile", helm.dockerConfig + "/config.json", "docker://\(sandbox.host)/team/harbor:\(version)"])
        try #require(raw.status == 0, "skopeo inspect --raw: \(raw)")
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(raw.stdout.utf8)) as? [String: Any])
        #expect(manifest["artifactType"] as? String == Self.helmPluginArtifactType)
        #expect(manifest["mediaType"] as? String == "application/vnd.oci.image.manifest.v1+json")
        let layers = try #require(manifest["layers"] as? [[String: Any]])
        let titles = layers.compactMap { ($0["annotations"] as? [String: String])?["org.opencontainers.image.title"] }
        #expect(titles == ["harbor-\(version).tgz", "harbor-\(version).tgz.prov"])
        #expect(layers.allSatisfy { Self.helmPluginLayerMediaTypes.contains($0["mediaType"] as? String ?? "") }, "\(layers)")
        #expect(layers.first?["digest"] as? String == (try ChartArchive.blob(package)).digest)

        // Harbor 2.7 lists it by its config's media type (it predates OCI 1.1's artifactType).
        var request = HTTPClientRequest(url: sandbox.baseURL.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/api/v2.0/projects/team/repositories/harbor/artifacts")
        request.headers.add(name: "Authorization", value: "Basic " + Data("alice:Alice-secret-1".utf8).base64EncodedString())
        let listing = String(buffer: try await HTTPClient.shared.execute(request, timeout: .seconds(10)).body.collect(upTo: 1 << 20))
        let artifacts = try #require(try JSONSerialization.jsonObject(with: Data(listing.utf8)) as? [[String: Any]])
        #expect(artifacts.first?["type"] as? String == "UNKNOWN", "\(listing)")
        #expect(artifacts.first?["media_type"] as? String == Self.helmPluginArtifactType, "\(listing)")

        // A team member installs it from Harbor: the install.sh copy goes, Helm 4 installs from
        // the registry with the login above (Helm reads docker's config.json), verifies the
        // signature with the public key, runs the install hook; then the plugin runs.
        let uninstalled = try await helm.run(["plugin", "uninstall", "harbor"])
        try #require(uninstalled.status == 0, "helm plugin uninstall: \(uninstalled)")
        #expect(!FileManager.default.fileExists(atPath: helm.pluginDirectory))
        let installed = try await helm.run(["plugin", "install", "oci://\(sandbox.host)/team/harbor:\(version)", "--plain-http", "--keyring", keys.public])
        #expect(installed.status == 0, "helm plugin install: \(installed)")
        #expect(installed.stdout.contains("Plugin Hash Verified: "), "\(installed.stdout)")
        #expect(installed.stdout.contains("Signed by: \(keys.name)"), "\(installed.stdout)")
        let binary = helm.pluginDirectory + "/bin/helm-harbor"
        #expect(!Self.isSymbolicLink(binary), "the installed binary should be the packaged copy, not install.sh's link")
        #expect(FileManager.default.contents(atPath: binary) == FileManager.default.contents(atPath: source.appendingPathComponent("bin/helm-harbor").path))
        let listed = try await helm.run(["plugin", "list"])
        #expect(listed.stdout.contains("harbor") && listed.stdout.contains(version), "\(listed)")
        let ran = try await helm.run(["harbor", "version"])
        #expect(ran.status == 0, "helm harbor version: \(ran)")
        #expect(ran.stdout.contains(version), "\(ran.stdout)")
    }

    static func isSymbolicLink(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeSymbolicLink
    }

    @Test("a .tgz that is neither chart nor plugin, and a plugin.yaml without a version, are refused before anything is sent")
    func refusals() async throws {
        let sandbox = try await PushCommandTests.neighbourSandbox.get()
        let scratch = try Scratch()
        func tarball(_ name: String, files: [String: String]) async throws -> URL {
            let root = scratch.path("tree-\(name)")
            for (path, contents) in files {
                let file = root.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try contents.write(to: file, atomically: true, encoding: .utf8)
            }
            let tarred = try await ProcessRunner.run("/bin/tar", ["-czf", scratch.path(name).path, "-C", root.path, "."])
            guard tarred.status == 0 else { throw TestSupportError("tar: \(tarred)") }
            return scratch.path(name)
        }
        let neither = try await tarball("notes.tgz", files: ["notes/README.md": "nothing to install\n"])
        let noVersion = try await tarball("noversion.tgz", files: ["tool/plugin.yaml": "name: tool\nusage: a tool\ncommand: $HELM_PLUGIN_DIR/tool\n"])
        let badVersion = try await tarball("badversion.tgz", files: ["tool/plugin.yaml": "name: tool\nversion: v1.0\n"])
        for (file, expected) in [
            (neither, "is neither a Helm chart (no CHART/Chart.yaml inside) nor a Helm plugin"),
            (noVersion, "is a Helm plugin whose tool/plugin.yaml has no version; add 'version:' to it"),
            (badVersion, "is a Helm plugin with version \"v1.0\", which cannot be pushed: it is not a semantic version"),
        ] {
            let result = await PushCommandTests.push([file.path, "\(sandbox.host)/team"], home: scratch, instance: sandbox.host)
            #expect(result.status == 1, "\(file.lastPathComponent): \(result)")
            #expect(result.stderr.contains("cannot push \(file.path): the file \(expected)"), "\(file.lastPathComponent): \(result.stderr)")
            #expect(result.stderr.contains("nothing was pushed"), "\(result.stderr)")
            // Other suites share the sandbox: only requests about these files' repositories count.
            #expect(!(try await sandbox.requests()).contains { $0.path.contains("/team/tool") || $0.path.contains("/team/notes") }, "a request went out for \(file.lastPathComponent)")
        }
    }
}
