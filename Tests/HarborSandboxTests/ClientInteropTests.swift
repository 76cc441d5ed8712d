import Foundation
import HarborTestSupport
import Testing

import HarborSandbox

/// Real clients against the sandbox: skopeo (containers/image) and the docker CLI.
@Suite("Independent clients: skopeo and docker login")
struct ClientInteropTests {
    /// A one-layer OCI image layout, built here byte by byte.
    static func makeOCILayout(tag: String) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("oci-layout-\(UUID().uuidString.prefix(8))")
        let blobs = root.appendingPathComponent("blobs/sha256")
        try FileManager.default.createDirectory(at: blobs, withIntermediateDirectories: true)
        func store(_ data: Data) throws -> (digest: String, size: Int) {
            let digest = sha256Digest(data)
            try data.write(to: blobs.appendingPathComponent(String(digest.dropFirst("sha256:".count))))
            return (digest, data.count)
        }
        var tar = TarWriter()
        tar.addFile(path: "greeting.txt", contents: Data("hello from a skopeo test\n".utf8))
        let layerTar = tar.finish()
        let layer = try store(Gzip.compressStored(layerTar))
        let config = try store(Data(#"{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["\#(sha256Digest(layerTar))"]}}"#.utf8))
        let manifest = try store(Data(
            #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"\#(config.digest)","size":\#(config.size)},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"\#(layer.digest)","size":\#(layer.size)}]}"#.utf8))
        try Data(#"{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\#(manifest.digest)","size":\#(manifest.size),"annotations":{"org.opencontainers.image.ref.name":"\#(tag)"}}]}"#.utf8)
            .write(to: root.appendingPathComponent("index.json"))
        try Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8).write(to: root.appendingPathComponent("oci-layout"))
        return root
    }

    @Test("skopeo copies an OCI layout in with a CLI secret, reads it back, and the API lists it")
    func skopeoRoundTrip() async throws {
        let skopeo = try requireTool("skopeo")
        let sandbox = try await SharedSandbox.standard.get()
        let layout = try Self.makeOCILayout(tag: "v1")
        defer { try? FileManager.default.removeItem(at: layout) }
        let copy = try await ProcessRunner.run(skopeo.path, [
            "copy", "--dest-creds", "alice:Alice1234", "--dest-tls-verify=false",
            "oci:\(layout.path):v1", "docker://\(sandbox.host)/scratch/skopeo-app:v1",
        ])
        #expect(copy.status == 0, "\(copy.output)")
        let inspect = try await ProcessRunner.run(skopeo.path, ["inspect", "--creds", "bob:Bob12345", "--tls-verify=false", "docker://\(sandbox.host)/scratch/skopeo-app:v1"])
        #expect(inspect.status == 0, "\(inspect.output)")
        #expect(inspect.output.contains("\"v1\""))
        let artifacts = try await request(sandbox, .GET, "/api/v2.0/projects/scratch/repositories/skopeo-app/artifacts", basic: ("alice", "Alice1234"))
        #expect(artifacts.jsonArray.first?["type"] as? String == "IMAGE")
        let requests = try await sandbox.requests()
        #expect(requests.contains { $0.method == "PUT" && $0.path == "/v2/scratch/skopeo-app/manifests/v1" })
        #expect(!requests.contains { ($0.query ?? "").contains("Alice1234") || $0.path.contains("Alice1234") })
    }

    @Test("roles: a guest cannot push (skopeo fails); a missing project refuses pushes")
    func skopeoPushRefused() async throws {
        let skopeo = try requireTool("skopeo")
        let sandbox = try await SharedSandbox.standard.get()
        let layout = try Self.makeOCILayout(tag: "v1")
        defer { try? FileManager.default.removeItem(at: layout) }
        let guest = try await ProcessRunner.run(skopeo.path, [
            "copy", "--dest-creds", "bob:Bob12345", "--dest-tls-verify=false", "oci:\(layout.path):v1", "docker://\(sandbox.host)/scratch/guest-push:v1",
        ])
        #expect(guest.status != 0)
        #expect(guest.output.contains("unauthorized"), "\(guest.output)")
        let missing = try await ProcessRunner.run(skopeo.path, [
            "copy", "--dest-creds", "alice:Alice1234", "--dest-tls-verify=false", "oci:\(layout.path):v1", "docker://\(sandbox.host)/nosuchproject/x:v1",
        ])
        #expect(missing.status != 0)
    }

    /// docker with a private config directory and no credential helper on PATH, so it stores into config.json.
    static func docker(_ arguments: [String], input: String) async throws -> (status: Int32, output: String, config: String) {
        let docker = try requireTool("docker")
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("docker-config-\(UUID().uuidString.prefix(8))")
        let bin = home.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        try FileManager.default.createSymbolicLink(at: bin.appendingPathComponent("docker"), withDestinationURL: docker)
        let environment = ["DOCKER_CONFIG": home.path, "HOME": home.path, "PATH": bin.path]
        let result = try await ProcessRunner.run(bin.appendingPathComponent("docker").path, arguments, environment: environment, stdin: input)
        let config = (try? String(contentsOf: home.appendingPathComponent("config.json"), encoding: .utf8)) ?? ""
        return (result.status, result.output, config)
    }

    @Test("docker login succeeds with a good CLI secret and fails with a bad one (empty-bodied token 401)")
    func dockerLogin() async throws {
        let sandbox = try await SharedSandbox.standard.get()
        let good = try await Self.docker(["login", sandbox.host, "-u", "alice", "--password-stdin"], input: "Alice1234")
        #expect(good.status == 0, "\(good.output)")
        #expect(good.output.contains("Login Succeeded"))
        #expect(good.config.contains(sandbox.host))
        let bad = try await Self.docker(["login", sandbox.host, "-u", "alice", "--password-stdin"], input: "wrong-secret")
        #expect(bad.status != 0)
        #expect(bad.output.contains("unauthorized"), "\(bad.output)")
        let expired = try await Self.docker(["login", sandbox.host, "-u", "olga", "--password-stdin"], input: "Olga12345")
        #expect(expired.status != 0)
    }
}
