import Foundation
import HarborCommandsTestSupport
import HarborCore
import Testing

import HarborCommands

/// The hint decision for docker's plugin hooks, from the error texts docker 28.2.2 prints
/// (docker/cli v28.2.2, cli-plugins/manager/hooks.go, cli/command/registry/login.go) and
/// Harbor 2.7's denial text (goharbor/harbor v2.7.0,
/// src/server/middleware/v2auth/auth.go).
struct DockerHookHintTests {
    let recognizer = HarborHostRecognizer(knownHosts: ["127.0.0.1:5111", "harbor.example.com"], hostTemplate: .devOpsAsAService)

    func hint(_ root: String, _ error: String) -> DockerHookHint? {
        DockerHookHint.decide(DockerHookRequest(rootCommand: root, commandError: error), recognizer: recognizer)
    }

    @Test func aRefusedLoginToAKnownHarborGetsTheExpiredSecretHint() throws {
        let found = try #require(hint("login", #"Get "http://127.0.0.1:5111/v2/": unauthorized: "#))
        #expect(found.kind == .secretRefused(host: "127.0.0.1:5111"))
        #expect(found.lines.joined().contains("30 days"))
        #expect(found.lines.joined().contains("docker harbor login 127.0.0.1:5111"))
        // The daemon's wording and the template's hosts count too.
        #expect(hint("login", "Error response from daemon: login attempt to https://harbor.example.com/v2/ failed with status: 401 Unauthorized") != nil)
        #expect(hint("login", #"Get "https://registry-acme.devops.t-systems.net/v2/": unauthorized: "#)?.kind == .secretRefused(host: "registry-acme.devops.t-systems.net"))
        #expect(hint("pull", "Error response from daemon: pull access denied for harbor.example.com/pkey/app, repository does not exist or may require 'docker login'") != nil)
    }

    @Test func aDeniedPushGetsTheRoleHintByHarborsWordingAlone() throws {
        let error = "unauthorized: unauthorized to access repository: pkey/app, action: push: unauthorized to access repository: pkey/app, action: push"
        let found = try #require(hint("push", error))
        #expect(found.kind == .pushDenied(host: nil))
        #expect(found.lines.joined().contains("role"))
    }

    @Test("a refused pull follows from what is stored: nothing (log in), an old login (expiry), a recent one (project or permission)")
    func pullHintsFollowTheStoredLogin() throws {
        let error = #"Error response from daemon: Head "http://127.0.0.1:5111/v2/pkey/app/manifests/1": unauthorized: unauthorized to access repository: pkey/app, action: pull"#
        let now = Date(timeIntervalSince1970: 2_000_000_000)
        func decide(_ stored: DockerHookHint.StoredLogin) -> DockerHookHint? {
            DockerHookHint.decide(DockerHookRequest(rootCommand: "pull", commandError: error), recognizer: recognizer, stored: { _ in stored }, now: now)
        }
        let nothing = try #require(decide(.nothing))
        #expect(nothing.kind == .notLoggedIn(host: "127.0.0.1:5111"))
        #expect(nothing.lines.joined().contains("You are not logged in to 127.0.0.1:5111"))
        #expect(!nothing.lines.joined().contains("expire"), "nothing stored: no expiry guess")
        let old = try #require(decide(.stored(lastWorked: now.addingTimeInterval(-31 * 86_400))))
        #expect(old.kind == .secretExpired(host: "127.0.0.1:5111", days: 31))
        #expect(old.lines.joined().contains("last worked 31 days ago"))
        let recent = try #require(decide(.stored(lastWorked: now.addingTimeInterval(-2 * 86_400))))
        #expect(recent.kind == .pullDenied(host: "127.0.0.1:5111"))
        #expect(recent.lines.joined().contains("does not exist, or your account may not pull"))
    }

    @Test("Harbor's policy refusals are explained from docker's text, for pull and push, whatever is stored")
    func policyRefusalsAreExplained() throws {
        let vulnerable = #"Error response from daemon: unknown: current image with 6 vulnerabilities cannot be pulled due to configured policy in 'Prevent images with vulnerability severity of "High" or higher from running.' To continue with pull, please contact your project administrator to exempt matched vulnerabilities through configuring the CVE allowlist."#
        let found = try #require(DockerHookHint.decide(DockerHookRequest(rootCommand: "pull", commandError: vulnerable), recognizer: recognizer, stored: { _ in .nothing }))
        #expect(found.lines.first == "The image has 6 vulnerabilities; the project blocks pulling images with high or worse.")
        let quota = try #require(hint("push", "denied: adding 1.2 KiB of storage resource, which when updated to current usage of 0 B will exceed the configured upper limit of 10 B."))
        #expect(quota.lines.first == "The project's quota is full: 0 B of 10 B used, and this push needs 1.2 KiB more.")
        #expect(hint("push", "unknown: Failed to process request due to 'app:1' configured as immutable.")?.lines.first == "Tag 1 is immutable in its project; push a new tag.")
        #expect(hint("pull", "Error response from daemon: unknown: The image is not signed in Cosign.")?.lines.first == "The image is not signed, and the project requires cosign signatures.")
        #expect(hint("push", "denied: The system is in read only mode. Any modification is prohibited.")?.lines.first == "Harbor is in read-only mode: nothing can be pushed or deleted.")
    }

    @Test func otherRegistriesOtherFailuresAndSuccessesGetNothing() {
        #expect(hint("login", #"Get "http://127.0.0.1:6000/v2/": unauthorized: "#) == nil, "unknown host")
        #expect(hint("login", #"Get "http://127.0.0.1:51112/v2/": unauthorized: "#) == nil, "a longer port is another host")
        #expect(hint("login", #"Get "https://registry-1.docker.io/v2/": unauthorized: incorrect username or password"#) == nil)
        #expect(hint("login", #"Get "http://127.0.0.1:5111/v2/": dial tcp 127.0.0.1:5111: connect: connection refused"#) == nil, "not an auth failure")
        #expect(hint("login", "") == nil, "success")
        #expect(hint("push", "") == nil, "success")
    }

    @Test func theResponseIsDockersHookMessage() throws {
        let found = try #require(hint("login", #"Get "http://127.0.0.1:5111/v2/": unauthorized: "#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(found.responseJSON.utf8)) as? [String: Any])
        #expect(object["Type"] as? Int == 0)
        #expect((object["Template"] as? String)?.components(separatedBy: "\n") == found.lines)
    }

    @Test func theHookEntryAnswersOnlyFailuresAgainstHarbor() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("harbor-hook-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/docker", withIntermediateDirectories: true)
        try Data(#"{"credHelpers": {"127.0.0.1:5111": "harbor"}}"#.utf8).write(to: URL(fileURLWithPath: directory + "/docker/config.json"))
        let environment = ProcessEnvironment(variables: ["HARBOR_CONFIG_DIR": directory, "DOCKER_CONFIG": directory + "/docker"], homeDirectory: directory)
        func run(_ json: String) async -> String {
            let captured = CapturedOutput()
            _ = await DockerPluginMain.run(arguments: ["harbor", "docker-cli-plugin-hooks", json], environment: environment, output: captured.output)
            return captured.stdout
        }
        #expect(await run(#"{"RootCmd":"login","Flags":{"username":""},"CommandError":"Get \"http://127.0.0.1:5111/v2/\": unauthorized: "}"#).contains("\"Type\":0"))
        #expect(await run(#"{"RootCmd":"login","Flags":{},"CommandError":"Get \"http://127.0.0.1:7777/v2/\": unauthorized: "}"#).isEmpty)
        #expect(await run(#"{"RootCmd":"login","Flags":{},"CommandError":""}"#).isEmpty)
        #expect(await run("not json").isEmpty)
    }
}
