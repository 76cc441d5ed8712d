import Foundation
import HarborCore
import HarborTestSupport
import Testing

/// The username hints a refused login adds (goharbor/harbor#18772, #18958: an e-mail address
/// where the Harbor username goes; #10256: `-` turned into `_` at onboarding), through the real
/// docker client and the real Helm 4.3.1. They come only after Harbor refused the name.
@Suite(.serialized)
struct LoginHintTests {
    static let fixture = SandboxFixture(users: [
        .init("alice", secret: "AliceCli1secret"),
        .init("cloud_operator", secret: "CloudOp1secret"),
    ])
    static let sandbox = SharedSandbox(fixture: fixture)

    let helm: Helm

    init() async throws {
        helm = try await Helm(version: "4.3.1")
    }

    func dockerLogin(_ host: String, user: String, secret: String) async throws -> CompletedProcess {
        try await ProcessRunner.run("docker", ["harbor", "login", host, "-u", user, "--password-stdin"], environment: helm.environment, stdin: secret + "\n")
    }

    @Test func emailAddressGetsTheUsernameHintAfterHarborRefusedIt() async throws {
        defer { helm.remove() }
        let sandbox = try await Self.sandbox.get()
        try await sandbox.clearRequests()
        let result = try await dockerLogin(sandbox.host, user: "alice@example.com", secret: "AliceCli1secret")
        #expect(result.status == HarborCore.ExitStatus.credentialsRejected, "\(result)")
        #expect(result.stderr.contains("Harbor usernames are not e-mail addresses; the User Profile in the Harbor UI shows yours"), "\(result)")
        // The hint came after the refusal: Harbor was asked with that very name.
        let asked = try await sandbox.requests().filter { $0.username == "alice@example.com" }
        #expect(!asked.isEmpty && asked.allSatisfy { $0.status == 401 }, "\(asked)")
    }

    @Test func dashedNameGetsTheUnderscoreVariantThroughHelm() async throws {
        defer { helm.remove() }
        let sandbox = try await Self.sandbox.get()
        let result = try await helm.run(["harbor", "login", sandbox.host, "-u", "cloud-operator", "--password-stdin"], stdin: "CloudOp1secret\n")
        #expect(result.status == HarborCore.ExitStatus.credentialsRejected, "\(result)")
        #expect(result.stderr.contains("Harbor may have turned '-' into '_'"), "\(result)")
        #expect(result.stderr.contains("-u cloud_operator"), "\(result)")
        #expect(!result.stderr.contains("e-mail"), "\(result)")

        // The name it suggests is the one Harbor knows.
        let fixed = try await helm.run(["harbor", "login", sandbox.host, "-u", "cloud_operator", "--password-stdin"], stdin: "CloudOp1secret\n")
        #expect(fixed.status == 0, "\(fixed)")
    }

    @Test func aPlainWrongSecretGetsNoUsernameHint() async throws {
        defer { helm.remove() }
        let sandbox = try await Self.sandbox.get()
        let result = try await dockerLogin(sandbox.host, user: "alice", secret: "wrong")
        #expect(result.status == HarborCore.ExitStatus.credentialsRejected, "\(result)")
        #expect(!result.stderr.contains("e-mail") && !result.stderr.contains("'_'"), "\(result)")
        #expect(result.stderr.contains("CLI secret"), "\(result)")
    }

    @Test func acceptedLoginNeverPrintsAHint() async throws {
        defer { helm.remove() }
        let sandbox = try await Self.sandbox.get()
        let result = try await ProcessRunner.run(
            "docker", ["harbor", "login", sandbox.host, "-u", "cloud_operator", "--password-stdin"], environment: helm.environment, stdin: "CloudOp1secret\n")
        #expect(result.status == 0, "\(result)")
        #expect(!result.stderr.contains("Harbor may have turned") && !result.stdout.contains("Harbor may have turned"), "\(result)")
    }
}
