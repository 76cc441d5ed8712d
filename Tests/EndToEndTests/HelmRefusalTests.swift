import Foundation
import HarborTestSupport
import Testing

/// `helm harbor push` run by real Helm 3.9.4 and 4.3.1 as their plugin against a sandbox that refuses:
/// an immutable chart version, a full quota, read-only mode. Each is told in Harbor's terms (never the
/// credentials or role hint), exits with the README's status, and leaves no tag.
@Suite("helm harbor push: Harbor's refusals through real Helm", .serialized)
struct HelmRefusalTests {
    static let members: [SandboxFixture.Member] = [.init("alice", .developer)]
    static let sandbox = SharedSandbox(fixture: SandboxFixture(
        users: [.init("alice", secret: "Alice-helm-1")],
        projects: [
            .init("imm", members: members, repositories: [.init("refused", kind: .chart, tags: ["0.1.0"])],
                  policy: .init(immutableTags: [.init(tags: "0.1.*")])),
            .init("quota", members: members, policy: .init(storageLimitBytes: 10)),
            .init("plain", members: members),
        ]))

    func push(_ helmVersion: String, _ target: String) async throws -> (CompletedProcess, SandboxProcess) {
        let sandbox = try await Self.sandbox.get()
        let scratch = try Scratch()
        let file = try await PackagedChart.make("refused", in: scratch)
        var environment = PackagedChart.helmEnvironment(scratch)
        environment["HELM_PLUGINS"] = try HelmPluginPushTests.pluginsDirectory(in: scratch).path
        environment["HOME"] = scratch.url.path
        environment["HARBOR_USERNAME"] = "alice"
        environment["HARBOR_CLI_SECRET"] = "Alice-helm-1"
        environment["HARBOR_INSTANCE"] = sandbox.host
        let helm = try Helm.binary(version: helmVersion)
        let result = try await ProcessRunner.run(
            helm, ["harbor", "push", file.path, "oci://\(sandbox.host)/\(target)"], environment: ProcessRunner.inheritedEnvironment(adding: environment))
        return (result, sandbox)
    }

    func tagExists(_ sandbox: SandboxProcess, _ path: String) async throws -> Bool {
        let list = try await ProcessRunner.run("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-u", "alice:Alice-helm-1",
            "-H", "Accept: application/vnd.oci.image.manifest.v1+json", sandbox.baseURL.absoluteString + "/v2/\(path)"])
        return list.stdout == "200"
    }

    @Test("an immutable chart version: exit 17", arguments: ["3.9.4", "4.3.1"])
    func immutable(helm: String) async throws {
        let (result, _) = try await push(helm, "imm")
        #expect(result.status == 17, "\(result)")
        #expect(result.stderr.contains("tag 0.1.0 is immutable in imm; push a new tag"), "\(result)")
        #expect(result.stderr.contains("Nothing was changed."), "\(result)")
        #expect(!result.stderr.contains("role"), "not the role hint: \(result)")
        #expect(!result.stderr.contains("CLI secret"), "not the credentials hint: \(result)")
    }

    @Test("a full quota: exit 18 with Harbor's sizes, and no tag", arguments: ["3.9.4", "4.3.1"])
    func quota(helm: String) async throws {
        let (result, sandbox) = try await push(helm, "quota")
        #expect(result.status == 18, "\(result)")
        #expect(result.stderr.contains("project quota's quota is full: 0 B of 10 B used, and this push needs"), "\(result)")
        #expect(!(try await tagExists(sandbox, "quota/refused/manifests/0.1.0")), "no tag written")
    }

    @Test("read-only mode: exit 19, and no tag", arguments: ["3.9.4", "4.3.1"])
    func readOnly(helm: String) async throws {
        let sandbox = try await Self.sandbox.get()
        try await sandbox.setReadOnly(true)
        let (result, _) = try await push(helm, "plain")
        try await sandbox.setReadOnly(false)
        #expect(result.status == 19, "\(result)")
        #expect(result.stderr.contains("Harbor is in read-only mode: nothing can be pushed or deleted"), "\(result)")
        #expect(!(try await tagExists(sandbox, "plain/refused/manifests/0.1.0")), "no tag written")
    }
}
