import Foundation
import HarborTestSupport
import Testing

import HarborSandbox

@Suite("Fixture, archives, TLS")
struct SandboxSetupTests {
    @Test("HarborTestSupport's SandboxFixture encodes to exactly what the sandbox reads")
    func fixtureSchemasAgree() throws {
        let data = try JSONEncoder().encode(Fixtures.standard)
        let decoded = try JSONDecoder().decode(Fixture.self, from: data)
        try decoded.validate()
        #expect(decoded.users.count == Fixtures.standard.users.count)
        #expect(decoded.users.first { $0.username == "olga" }?.expired == true)
        #expect(decoded.robots.map(\.name) == Fixtures.standard.robots.map(\.name))
        #expect(decoded.projects.first { $0.name == "demo" }?.members.first { $0.username == "carol" }?.role == 1)
        #expect(decoded.projects.first { $0.name == "demo" }?.repositories.first?.kind == .chart)
        let roundTrip = try JSONDecoder().decode(SandboxFixture.self, from: JSONEncoder().encode(decoded))
        #expect(roundTrip == Fixtures.standard)
    }

    @Test("the example fixture file loads; defaults fill the gaps")
    func exampleFile() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/example.json")
        let fixture = try Fixture.load(from: url)
        #expect(fixture.robotPrefixes == ["robot$", "doaas-"])
        #expect(fixture.projects.count == 2)
        #expect(fixture.robots.first?.projectOfName(prefixes: fixture.robotPrefixes) == "demo")
    }

    @Test("bad fixtures are refused with the part that is wrong",
          arguments: [
            (#"{"users":[{"username":"robot$x","secret":"a"}]}"#, "robot prefix"),
            (#"{"projects":[{"name":"Bad Name"}]}"#, "is not valid"),
            (#"{"users":[{"username":"a","secret":"b"}],"projects":[{"name":"p","members":[{"username":"a","role":9}]}]}"#, "unknown role"),
            (#"{"projects":[{"name":"p","members":[{"username":"ghost","role":1}]}]}"#, "neither a user nor a robot"),
            (#"{"robots":[{"name":"bot","secret":"x"}]}"#, "does not start with"),
          ])
    func badFixtures(json: String, reason: String) throws {
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(json.utf8))
        #expect { try fixture.validate() } throws: { ($0 as? FixtureError)?.description.contains(reason) == true }
    }

    @Test("libtrust key id: base32 of the first 240 bits of SHA-256(SPKI), 12 groups of 4")
    func libtrustKeyID() {
        #expect(LibtrustKeyID.base32(Array("foobar".utf8)) == "MZXW6YTBOI")  // RFC 4648 test vector, unpadded
        let id = LibtrustKeyID.keyID(subjectPublicKeyInfoDER: Data([1, 2, 3]))
        #expect(id.split(separator: ":").count == 12)
        #expect(id.split(separator: ":").allSatisfy { $0.count == 4 })
    }

    @Test("CRC-32 and the stored-block gzip/tar chart archive are valid for the system tar")
    func chartArchive() async throws {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        let archive = HelmChart(name: "hello", version: "1.2.3").archive
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("chart-\(UUID().uuidString.prefix(6)).tgz")
        try archive.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let listing = try await ProcessRunner.run(try requireTool("tar").path, ["tzf", file.path])
        #expect(listing.status == 0, "\(listing.output)")
        #expect(listing.output.split(separator: "\n") == ["hello/Chart.yaml", "hello/values.yaml", "hello/templates/configmap.yaml"])
        let chartYAML = try await ProcessRunner.run(try requireTool("tar").path, ["xzOf", file.path, "hello/Chart.yaml"])
        #expect(chartYAML.output.contains("version: 1.2.3"))
    }

    @Test("--tls: HTTPS with a CA written to a file; skopeo trusts it only when told to")
    func tls() async throws {
        let skopeo = try requireTool("skopeo")
        let sandbox = try await SandboxProcess.start(
            fixture: SandboxFixture(users: [.init("alice", secret: "Alice1234")],
                                    projects: [.init("demo", members: [.init("alice", .developer)], repositories: [.init("app", tags: ["1"])])]),
            tls: true)
        defer { sandbox.stop() }
        #expect(sandbox.baseURL.scheme == "https")
        let caFile = try #require(sandbox.caFile)
        let pem = try String(contentsOf: caFile, encoding: .utf8)
        #expect(pem.hasPrefix("-----BEGIN CERTIFICATE-----"))
        let certDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("certs-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: certDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: certDirectory) }
        try FileManager.default.copyItem(at: caFile, to: certDirectory.appendingPathComponent("ca.crt"))
        let trusted = try await ProcessRunner.run(skopeo.path, ["inspect", "--creds", "alice:Alice1234", "--cert-dir", certDirectory.path, "docker://\(sandbox.host)/demo/app:1"])
        #expect(trusted.status == 0, "\(trusted.output)")
        let untrusted = try await ProcessRunner.run(skopeo.path, ["inspect", "--creds", "alice:Alice1234", "docker://\(sandbox.host)/demo/app:1"])
        #expect(untrusted.status != 0)
        #expect(untrusted.output.contains("certificate"), "\(untrusted.output)")
        // the admin endpoints stay reachable over plain HTTP
        #expect(try await sandbox.requests().contains { $0.path.hasPrefix("/v2/demo/app/manifests") })
    }

    @Test("a missing registry binary fails start-up with the install hint")
    func missingRegistry() async throws {
        let binary = try SandboxProcess.locateBinary()
        let result = try await ProcessRunner.run(binary.path, ["--registry-binary", "/nonexistent/registry", "--port", "0"])
        #expect(result.status != 0)
        #expect(result.output.contains("apt-get install docker-registry"), "\(result.output)")
    }
}
