import Foundation
import HarborTestSupport
import NIOHTTP1
import Testing

import HarborSandbox

/// Harbor's refusals, as the sandbox reproduces them: status, error code and exact text (goharbor/harbor
/// v2.7.0: src/server/middleware/vulnerable/vulnerable.go, contenttrust/cosign.go, immutable/error.go,
/// src/pkg/quota/errors.go with src/server/middleware/quota/quota.go, readonly/readonly.go), and the REST
/// answers that describe them.
@Suite("Project policies and Harbor's refusals", .serialized)  // read-only mode is global
struct PolicyRefusalTests {
    static let alice = ("alice", "Alice1234")
    static let members: [SandboxFixture.Member] = [.init("alice", .developer)]
    static let fixture = SandboxFixture(
        users: [.init("alice", secret: "Alice1234")],
        robots: [.init("robot$vul+ci", secret: "RobotSecret1")],
        projects: [
            // One repository per case: the seeded tags of one repository share a digest, and scans are per digest.
            .init("vul", members: members, repositories: ["bad", "running", "never", "pending", "listed"].map { .init($0, tags: ["1"]) },
                  policy: .init(preventVulnerable: true, severity: "high")),
            .init("pubvul", public: true, members: members, repositories: [.init("app", tags: ["1"])],
                  policy: .init(preventVulnerable: true, severity: "critical")),
            .init("signed", members: members, repositories: [.init("app", tags: ["1"]), .init("other", tags: ["1"]), .init("third", tags: ["1"])], policy: .init(cosignRequired: true)),
            .init("imm", members: members, repositories: [.init("app", tags: ["1.0", "latest"])],
                  policy: .init(immutableTags: [.init(repositories: "app", tags: "{1.*,2.*}")])),
            .init("quota", members: members, repositories: [.init("app", tags: ["1"])], policy: .init(storageLimitBytes: 100)),
            .init("plain", members: members, repositories: [.init("app", tags: ["1"])]),
        ])
    static let sandbox = SharedSandbox(fixture: fixture)
    static let sandbox29 = SharedSandbox(fixture: {
        var fixture = PolicyRefusalTests.fixture
        fixture.harborVersion = "v2.9.0-sandbox"
        return fixture
    }())

    static let policyText = #"due to configured policy in 'Prevent images with vulnerability severity of "High" or higher from running.' "#

    func body(_ code: String, _ message: String) -> String {
        let encoded = String(decoding: try! JSONEncoder().encode(message), as: UTF8.self).replacingOccurrences(of: "\\/", with: "/")
        return #"{"errors":[{"code":"\#(code)","message":\#(encoded)}]}"# + "\n"
    }

    @Test("vulnerable, running, pending, failed and never-scanned images are refused with 412 PROJECTPOLICYVIOLATION")
    func vulnerabilityPrevention() async throws {
        let sandbox = try await Self.sandbox.get()
        try await sandbox.setScan("vul/bad", "1", status: "Success", vulnerabilities: [
            .init("CVE-2024-0001", "Critical"), .init("CVE-2024-0002", "Critical"), .init("CVE-2024-0003", "Critical"),
            .init("CVE-2024-0004", "High"), .init("CVE-2024-0005", "High"), .init("CVE-2024-0006", "Low"),
        ])
        try await sandbox.setScan("vul/running", "1", status: "Running")
        try await sandbox.setScan("vul/pending", "1", status: "Pending")
        let accept = [("Accept", "application/vnd.oci.image.manifest.v1+json")]

        let vulnerable = try await request(sandbox, .GET, "/v2/vul/bad/manifests/1", basic: Self.alice, headers: accept)
        #expect(vulnerable.status == 412)
        // All 6 count (GetVulnerable counts every finding not allow-listed), not only High and above.
        #expect(vulnerable.body == body("PROJECTPOLICYVIOLATION", "current image with 6 vulnerabilities cannot be pulled " + Self.policyText
            + "To continue with pull, please contact your project administrator to exempt matched vulnerabilities through configuring the CVE allowlist."))
        let head = try await request(sandbox, .HEAD, "/v2/vul/bad/manifests/1", basic: Self.alice, headers: accept)
        #expect(head.status == 412, "HEAD has the same middleware (src/server/registry/route.go)")

        let running = try await request(sandbox, .GET, "/v2/vul/running/manifests/1", basic: Self.alice, headers: accept)
        #expect(running.status == 412)
        #expect(running.body == body("PROJECTPOLICYVIOLATION", #"current image with "Running" status of vulnerability scanning cannot be pulled "#
            + Self.policyText + "To continue with pull, please contact your project administrator for help."))
        let pending = try await request(sandbox, .GET, "/v2/vul/pending/manifests/1", basic: Self.alice, headers: accept)
        #expect(pending.body.contains(#"current image with \"Pending\" status"#))

        let never = try await request(sandbox, .GET, "/v2/vul/never/manifests/1", basic: Self.alice, headers: accept)
        #expect(never.status == 412)
        #expect(never.body == body("PROJECTPOLICYVIOLATION", "current image without vulnerability scanning cannot be pulled "
            + Self.policyText + "To continue with pull, please contact your project administrator for help."))

        // The scan finishes clean: the pull goes through; one Low finding is below High.
        try await sandbox.setScan("vul/running", "1", status: "Success", vulnerabilities: [.init("CVE-2024-0006", "Low")])
        #expect(try await request(sandbox, .GET, "/v2/vul/running/manifests/1", basic: Self.alice, headers: accept).status == 200)
        // The digest is checked like the tag.
        let digest = try #require(try await request(sandbox, .HEAD, "/v2/vul/running/manifests/1", basic: Self.alice, headers: accept)
            .header("Docker-Content-Digest"))
        #expect(try await request(sandbox, .GET, "/v2/vul/running/manifests/\(digest)", basic: Self.alice, headers: accept).status == 200)
        // A single finding is "vulnerability".
        try await sandbox.setScan("pubvul/app", "1", status: "Success", vulnerabilities: [.init("CVE-2024-0009", "Critical")])
        #expect(try await request(sandbox, .GET, "/v2/pubvul/app/manifests/1", basic: Self.alice, headers: accept).body
            .contains("current image with 1 vulnerability cannot be pulled"))
        // Blobs are not checked; projects without the policy refuse nothing.
        #expect(try await request(sandbox, .GET, "/v2/plain/app/manifests/1", basic: Self.alice, headers: accept).status == 200)
    }

    @Test("cosign enforcement: 2.7 wording, 2.9 wording, and a signature lets the pull through")
    func cosign() async throws {
        let sandbox = try await Self.sandbox.get()
        let accept = [("Accept", "application/vnd.oci.image.manifest.v1+json")]
        let refused = try await request(sandbox, .GET, "/v2/signed/app/manifests/1", basic: Self.alice, headers: accept)
        #expect(refused.status == 412)
        #expect(refused.body == body("PROJECTPOLICYVIOLATION", "The image is not signed in Cosign."))
        try await sandbox.setSigned("signed/other", "1")
        #expect(try await request(sandbox, .GET, "/v2/signed/other/manifests/1", basic: Self.alice, headers: accept).status == 200)

        let newer = try await Self.sandbox29.get()
        #expect(try await request(newer, .GET, "/v2/signed/app/manifests/1", basic: Self.alice, headers: accept).body
            == body("PROJECTPOLICYVIOLATION", "The image is not signed by cosign."))
    }

    @Test("an immutable tag cannot be pushed again (412 PRECONDITION, repository named without its project); new tags can")
    func immutableTags() async throws {
        let sandbox = try await Self.sandbox.get()
        let accept = [("Accept", "application/vnd.oci.image.manifest.v1+json")]
        let manifest = try await request(sandbox, .GET, "/v2/imm/app/manifests/latest", basic: Self.alice, headers: accept)
        let type = [("Content-Type", "application/vnd.oci.image.manifest.v1+json")]
        let again = try await request(sandbox, .PUT, "/v2/imm/app/manifests/1.0", basic: Self.alice, headers: type, body: Data(manifest.body.utf8))
        #expect(again.status == 412)
        #expect(again.body == body("PRECONDITION", "Failed to process request due to 'app:1.0' configured as immutable."))
        // First push of a matching tag, and a tag no rule matches, are fine.
        #expect(try await request(sandbox, .PUT, "/v2/imm/app/manifests/2.0", basic: Self.alice, headers: type, body: Data(manifest.body.utf8)).status == 201)
        #expect(try await request(sandbox, .PUT, "/v2/imm/app/manifests/latest", basic: Self.alice, headers: type, body: Data(manifest.body.utf8)).status == 201)
        #expect(try await request(sandbox, .PUT, "/v2/imm/app/manifests/2.0", basic: Self.alice, headers: type, body: Data(manifest.body.utf8)).status == 412)
    }

    @Test("a push over the storage quota: 403 DENIED with Harbor's sizes, and no tag is written")
    func quota() async throws {
        let sandbox = try await Self.sandbox.get()
        let accept = [("Accept", "application/vnd.oci.image.manifest.v1+json")]
        let manifest = try await request(sandbox, .GET, "/v2/quota/app/manifests/1", basic: Self.alice, headers: accept)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(manifest.body.utf8)) as? [String: Any])
        let sizes = ((json["layers"] as? [[String: Any]]) ?? []).compactMap { $0["size"] as? Int } + [(json["config"] as? [String: Any])?["size"] as? Int ?? 0]
        let adding = Int64(manifest.body.utf8.count + sizes.reduce(0, +))
        let type = [("Content-Type", "application/vnd.oci.image.manifest.v1+json")]
        let refused = try await request(sandbox, .PUT, "/v2/quota/app/manifests/2", basic: Self.alice, headers: type, body: Data(manifest.body.utf8))
        #expect(refused.status == 403)
        #expect(refused.body == body("DENIED", "adding \(StorageUsage.displaySize(adding)) of storage resource, which when updated to current usage of 0 B will exceed the configured upper limit of 100 B."))
        #expect(try await request(sandbox, .GET, "/v2/quota/app/manifests/2", basic: Self.alice, headers: accept).status == 404, "no tag written")
        #expect(try await sandbox.storageUsed(project: "quota") == 0)
        #expect(StorageUsage.displaySize(1023) == "1023 B")
        #expect(StorageUsage.displaySize(10 * 1024 * 1024 * 1024 - 200 * 1024 * 1024) == "9.8 GiB")
        #expect(StorageUsage.displaySize(30_408_704) == "29.0 MiB")
        // Under the limit the push is counted.
        try await sandbox.setPolicy(.init(storageLimitBytes: 1 << 30), project: "quota")
        #expect(try await request(sandbox, .PUT, "/v2/quota/app/manifests/2", basic: Self.alice, headers: type, body: Data(manifest.body.utf8)).status == 201)
        #expect(try await sandbox.storageUsed(project: "quota") == adding)
    }

    @Test("read-only mode refuses every change with 403 DENIED, before any permission check; reads go on")
    func readOnly() async throws {
        let sandbox = try await Self.sandbox.get()
        try await sandbox.setReadOnly(true)
        let refused = try await request(sandbox, .POST, "/v2/plain/app/blobs/uploads/", basic: Self.alice)
        #expect(refused.status == 403)
        #expect(refused.body == body("DENIED", "The system is in read only mode. Any modification is prohibited."))
        #expect(try await request(sandbox, .POST, "/v2/nosuch/app/blobs/uploads/", basic: Self.alice).status == 403)
        #expect(try await request(sandbox, .POST, "/api/v2.0/projects", basic: Self.alice, body: Data(#"{"project_name":"x"}"#.utf8)).status == 403)
        #expect(try await request(sandbox, .GET, "/api/v2.0/projects?name=x", basic: Self.alice).jsonArray.isEmpty, "nothing created")
        #expect(try await request(sandbox, .GET, "/v2/plain/app/manifests/1", basic: Self.alice, headers: [("Accept", "application/vnd.oci.image.manifest.v1+json")]).status == 200)
        #expect(try await request(sandbox, .GET, "/api/v2.0/systeminfo", basic: Self.alice).jsonObject["read_only"] as? Bool == true)
        try await sandbox.setReadOnly(false)
        #expect(try await request(sandbox, .POST, "/v2/plain/app/blobs/uploads/", basic: Self.alice).status == 202)
    }

    @Test("the REST answers describe the policies: project metadata, scan overview, accessories, immutable status")
    func restAnswers() async throws {
        let sandbox = try await Self.sandbox.get()
        let projects = try await request(sandbox, .GET, "/api/v2.0/projects?page_size=100", basic: Self.alice).jsonArray
        let vul = try #require(projects.first { $0["name"] as? String == "vul" })
        #expect(vul["metadata"] as? [String: String] == ["public": "false", "prevent_vul": "true", "severity": "high"])
        let signed = try #require(projects.first { $0["name"] as? String == "signed" })
        #expect((signed["metadata"] as? [String: String])?["enable_content_trust_cosign"] == "true")

        try await sandbox.setScan("vul/listed", "1", status: "Success", vulnerabilities: [.init("CVE-2024-0100", "High"), .init("CVE-2024-0101", "Medium")])
        let artifacts = try await request(sandbox, .GET, "/api/v2.0/projects/vul/repositories/listed/artifacts?with_scan_overview=true&q=tags%3D1", basic: Self.alice).jsonArray
        let overview = try #require((artifacts.first?["scan_overview"] as? [String: Any])?["application/vnd.security.vulnerability.report; version=1.1"] as? [String: Any])
        #expect(overview["scan_status"] as? String == "Success")
        #expect(overview["severity"] as? String == "High")
        #expect((overview["summary"] as? [String: Any])?["summary"] as? [String: Int] == ["High": 1, "Medium": 1])
        let without = try await request(sandbox, .GET, "/api/v2.0/projects/vul/repositories/listed/artifacts?q=tags%3D1", basic: Self.alice).jsonArray
        #expect(without.first?["scan_overview"] == nil, "only when asked")

        func accessories() async throws -> Any? {
            try await request(sandbox, .GET, "/api/v2.0/projects/signed/repositories/third/artifacts?with_accessory=true", basic: Self.alice)
                .jsonArray.first?["accessories"]
        }
        #expect(try await accessories() is NSNull, "asked for, none: null")
        try await sandbox.setSigned("signed/third", "1")
        #expect((try await accessories() as? [[String: Any]])?.first?["type"] as? String == "signature.cosign")

        let tags = try await request(sandbox, .GET, "/api/v2.0/projects/imm/repositories/app/artifacts?with_immutable_status=true", basic: Self.alice).jsonArray
            .flatMap { ($0["tags"] as? [[String: Any]]) ?? [] }
        #expect(tags.first { $0["name"] as? String == "1.0" }?["immutable"] as? Bool == true)
        #expect(tags.first { $0["name"] as? String == "latest" }?["immutable"] as? Bool == false)

        // The report addition is not CLI-secret allowed: anonymous for alice (401 on a private project); robots read it.
        let path = "/api/v2.0/projects/vul/repositories/listed/artifacts/1/additions/vulnerabilities"
        #expect(try await request(sandbox, .GET, path, basic: Self.alice).status == 401)
        let report = try await request(sandbox, .GET, path, basic: ("robot$vul+ci", "RobotSecret1"))
        #expect(report.status == 200)
        let vulnerabilities = (report.jsonObject["application/vnd.security.vulnerability.report; version=1.1"] as? [String: Any])?["vulnerabilities"] as? [[String: Any]]
        #expect(vulnerabilities?.compactMap { $0["id"] as? String } == ["CVE-2024-0100", "CVE-2024-0101"])
    }

    @Test("immutable-rule patterns match as Harbor's doublestar selectors do",
          arguments: [("{1.*,2.*}", "1.0", true), ("{1.*,2.*}", "3.0", false), ("**", "anything", true), ("v?", "v1", true), ("v?", "v10", false), ("release-*", "release-1", true)])
    func patterns(pattern: String, tag: String, matches: Bool) {
        #expect(ImmutableTagRule(tags: pattern).matches(repository: "app", tag: tag) == matches)
    }
}
