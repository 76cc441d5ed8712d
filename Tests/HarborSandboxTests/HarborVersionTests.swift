import Foundation
import HarborTestSupport
import Testing

import HarborSandbox

/// `harbor-sandbox --harbor-version 2.15`: what a client sees change after Harbor 2.7, each beside
/// the same request to the sandbox playing 2.7. Sources: goharbor/harbor v2.8.0
/// src/server/middleware/security/oidc_cli.go (no `/chartrepo`; robot-prefixed names skip the CLI
/// secret), v2.13.0 src/controller/systeminfo/controller.go (`harbor_version` for signed-in callers
/// only), v2.15.0 src/server/middleware/security/v2_token.go (tokens issued before their project
/// was created are not used).
@Suite("Harbor 2.15 against 2.7")
struct HarborVersionTests {
    static let alice = ("alice", "Alice1234")
    static func fixture(robotPrefixes: [String] = ["robot$", "doaas-"]) -> SandboxFixture {
        SandboxFixture(
            robotPrefixes: robotPrefixes,
            users: [.init("alice", secret: "Alice1234")],
            projects: [
                .init("app", members: [.init("alice", .developer)], repositories: [.init("web", tags: ["1"])]),
                .init("again", members: [.init("alice", .developer)], repositories: [.init("web", tags: ["1"])]),
            ])
    }
    static let harbor27 = SharedSandbox(fixture: fixture())
    static let harbor215 = SharedSandbox(fixture: fixture(), extraArguments: ["--harbor-version", "2.15"])

    @Test("--harbor-version names the version systeminfo reports; a word that is no 2.x version is a usage error")
    func versionFlag() async throws {
        let sandbox = try await Self.harbor215.get()
        let signedIn = try await request(sandbox, .GET, "/api/v2.0/systeminfo", basic: Self.alice)
        #expect(signedIn.jsonObject["harbor_version"] as? String == "v2.15.0-sandbox")
        // 2.13 and later show the version only to a signed-in caller; ChartMuseum and Notary are gone.
        let anonymous = try await request(sandbox, .GET, "/api/v2.0/systeminfo", basic: nil)
        #expect(anonymous.jsonObject["harbor_version"] == nil, "\(anonymous.body)")
        #expect(signedIn.jsonObject["with_chartmuseum"] == nil && signedIn.jsonObject["with_notary"] == nil, "\(signedIn.body)")
        let old = try await Self.harbor27.get()
        let oldAnonymous = try await request(old, .GET, "/api/v2.0/systeminfo", basic: nil)
        #expect(oldAnonymous.jsonObject["harbor_version"] as? String == "v2.7.0-sandbox")
        #expect(try await request(old, .GET, "/api/v2.0/systeminfo", basic: Self.alice).jsonObject["with_chartmuseum"] as? Bool == false)

        let binary = try SandboxProcess.locateBinary()
        let refused = try await ProcessRunner.run(binary.path, ["--harbor-version", "3.0"])
        #expect(refused.status == 64, "\(refused)")
        #expect(refused.stderr.contains("--harbor-version '3.0' is not a Harbor 2.x version such as 2.7 or 2.15"), "\(refused)")
    }

    @Test("the CLI-secret allow-list: /chartrepo only up to 2.7")
    func chartrepo() {
        #expect(Authenticator.cliSecretAllowed(method: "GET", path: "/chartrepo/app/index.yaml", harborMinorVersion: 7))
        #expect(!Authenticator.cliSecretAllowed(method: "GET", path: "/chartrepo/app/index.yaml", harborMinorVersion: 15))
        #expect(!Authenticator.cliSecretAllowed(method: "GET", path: "/api/chartrepo/app/charts", harborMinorVersion: 8))
        #expect(Authenticator.cliSecretAllowed(method: "GET", path: "/api/v2.0/projects", harborMinorVersion: 15))
    }

    @Test("an empty robot prefix: every name is a robot's from 2.8, so no CLI secret works; 2.7 still signs users in")
    func emptyRobotPrefix() async throws {
        let harbor27 = try await SandboxProcess.start(fixture: Self.fixture(robotPrefixes: [""]))
        defer { harbor27.stop() }
        let harbor215 = try await SandboxProcess.start(fixture: Self.fixture(robotPrefixes: [""]), extraArguments: ["--harbor-version", "2.15"])
        defer { harbor215.stop() }
        #expect(try await request(harbor27, .GET, "/v2/", basic: Self.alice).status == 200)
        let refused = try await request(harbor215, .GET, "/v2/", basic: Self.alice)
        #expect(refused.status == 401, "\(refused.body)")
    }

    @Test("a registry token issued before its project was created again: refused by 2.15, used by 2.7")
    func tokenOlderThanItsProject() async throws {
        for (sandbox, refusesIt) in [(try await Self.harbor215.get(), true), (try await Self.harbor27.get(), false)] {
            let (result, issued) = try await token(sandbox, scope: "repository:again/web:pull", basic: Self.alice)
            try #require(result.status == 200, "\(result.body)")
            let bearer = try #require(issued?.raw)
            #expect(try await request(sandbox, .GET, "/v2/again/web/tags/list", bearer: bearer).status == 200)
            // Created again two minutes "later" than the token: past Harbor's 60 s of leeway.
            try await sandbox.setProjectCreated("again", secondsFromNow: 120)
            let after = try await request(sandbox, .GET, "/v2/again/web/tags/list", bearer: bearer)
            try await sandbox.setProjectCreated("again", secondsFromNow: -3600)
            #expect(after.status == (refusesIt ? 401 : 200), "\(sandbox.host): \(after.body)")
            // Another project's token is not affected.
            let (_, other) = try await token(sandbox, scope: "repository:app/web:pull", basic: Self.alice)
            #expect(try await request(sandbox, .GET, "/v2/app/web/tags/list", bearer: try #require(other?.raw)).status == 200)
        }
    }
}

struct PlayedHarborVersionTests {
    @Test(arguments: [("2.15", 15), ("v2.15.2", 15), ("v2.7.0-sandbox", 7), ("2.9.1", 9), ("3.0", nil), ("2", nil), ("2.x", nil), ("2.15.x", nil), ("", nil), ("2..1", nil)] as [(String, Int?)])
    func minor(text: String, expected: Int?) {
        #expect(PlayedHarborVersion.minor(of: text) == expected)
    }

    @Test func names() {
        #expect(PlayedHarborVersion.name("2.15") == "v2.15.0-sandbox")
        #expect(PlayedHarborVersion.name("v2.14.4") == "v2.14.4-sandbox")
        #expect(PlayedHarborVersion.name("v2.15.2-abc123") == "v2.15.2-abc123")
    }
}
