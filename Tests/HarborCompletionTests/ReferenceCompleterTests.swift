import Foundation
import HarborAPI
import HarborCompletion
import HarborCore
import HarborTestSupport
import Testing

/// What a TAB offers for a reference, against the sandbox (default instance: the sandbox,
/// default project: demo).
@Suite("reference completion")
struct ReferenceCompleterTests {
    static let root = try! TemporaryDirectory()

    func completer(defaultProject: String? = "demo") async throws -> (ReferenceCompleter, String) {
        let sandbox = try await SharedCompletionSandbox.shared.get()
        let root = Self.root.path
        return (ReferenceCompleter(defaultHost: sandbox.host, defaultProject: defaultProject) { host in
            host == sandbox.host ? Clients.catalog(sandbox, root: root) : nil
        }, sandbox.host)
    }

    @Test("a project key prefix: keys with the role, then the default project's repositories as typed")
    func projectKeys() async throws {
        let (completer, _) = try await completer()
        let result = await completer.complete("p000", purpose: .pull)
        #expect(result.candidates.map(\.value) == (0..<10).map { String(format: "p%04d/", $0) })
        #expect(result.candidates.first?.description == "developer")
        #expect(result.directive == [.noSpace, .noFileCompletion])
        let mixed = await completer.complete("", purpose: .pull).candidates
        #expect(mixed.count == 1_003 + 3)
        #expect(mixed.contains(CompletionCandidate("library/", "public")))
        #expect(mixed.contains(CompletionCandidate("viewer/", "guest")))
        #expect(mixed.contains { $0.value == "app" && $0.description?.hasPrefix("in demo") == true })
    }

    @Test("PKEY/: the project's repositories, nested ones included")
    func repositories() async throws {
        let (completer, _) = try await completer()
        let result = await completer.complete("demo/", purpose: .pull)
        #expect(result.candidates.map(\.value) == ["demo/app", "demo/hello", "demo/team/api"])
        #expect(result.candidates.first?.description == "1 artifact" || result.candidates.first?.description == "2 artifacts")
        #expect(await completer.complete("demo/te", purpose: .pull).candidates.map(\.value) == ["demo/team/api"])
    }

    @Test("PKEY/repo: and short app: complete tags as typed")
    func tags() async throws {
        let (completer, host) = try await completer()
        let full = await completer.complete("demo/app:", purpose: .pull)
        #expect(Set(full.candidates.map(\.value)) == ["demo/app:1.0", "demo/app:1.1"])
        #expect(full.candidates.allSatisfy { $0.description?.hasPrefix("IMAGE, ") == true })
        #expect(full.directive == .noFileCompletion)
        #expect(Set(await completer.complete("app:1.", purpose: .pull).candidates.map(\.value)) == ["app:1.0", "app:1.1"])
        #expect(await completer.complete("demo/team/api:", purpose: .pull).candidates.map(\.value) == ["demo/team/api:2.0"])
        #expect(await completer.complete("\(host)/demo/team/api:", purpose: .pull).candidates.map(\.value) == ["\(host)/demo/team/api:2.0"])
        #expect(await completer.complete("oci://\(host)/demo/hello:", purpose: .pull).candidates.map(\.value) == ["oci://\(host)/demo/hello:0.1.0"])
    }

    @Test("@: digests, described by their tags")
    func digests() async throws {
        let (completer, _) = try await completer()
        let result = await completer.complete("demo/team/api@", purpose: .pull)
        try #require(result.candidates.count == 1)
        #expect(result.candidates[0].value.hasPrefix("demo/team/api@sha256:"))
        #expect(result.candidates[0].description?.hasPrefix("2.0 · IMAGE") == true)
        #expect(await completer.complete("demo/team/api@sha256:", purpose: .pull).candidates.count == 1)
    }

    @Test("push targets: only projects where the user may push")
    func pushTargets() async throws {
        let (completer, _) = try await completer()
        let keys = await completer.complete("", purpose: .push).candidates.map(\.value)
        #expect(keys.contains("demo/"))
        #expect(!keys.contains("viewer/"))
        #expect(!keys.contains("library/"))
        #expect(await completer.complete("viewer/", purpose: .push).candidates.isEmpty)
        let helm = await completer.pushTargets("")
        #expect(helm.candidates.contains(CompletionCandidate("demo", "developer")))
        #expect(!helm.candidates.contains { $0.value == "viewer" || $0.value == "library" })
    }

    @Test("no default instance, or an unknown host: nothing")
    func nothingToAsk() async throws {
        let nowhere = ReferenceCompleter(defaultHost: nil, defaultProject: nil) { _ in nil }
        #expect(await nowhere.complete("demo/", purpose: .pull).candidates.isEmpty)
        let (completer, _) = try await completer()
        #expect(await completer.complete("other.example.com/demo/", purpose: .pull).candidates.isEmpty)
    }
}

@Suite("instance completion")
struct InstanceCompleterTests {
    @Test("settings' instances, the default, and hosts logged in to (as customers where the template makes one)")
    func instances() throws {
        var stored = StoredSettings()
        stored.instance = "acme"
        stored.instances = ["lab": "harbor.lab.example.com:8443"]
        let settings = try EffectiveSettings(stored: stored)
        let logins = [(host: "registry-beta.devops.t-systems.net", username: "bob"), (host: "127.0.0.1:5000", username: "alice")]
        let result = InstanceCompleter.complete("", settings: settings, logins: logins)
        #expect(result.candidates == [
            CompletionCandidate("acme", "default, registry-acme.devops.t-systems.net"),
            CompletionCandidate("lab", "harbor.lab.example.com:8443"),
            CompletionCandidate("127.0.0.1:5000", "logged in as alice"),
            CompletionCandidate("beta", "registry-beta.devops.t-systems.net, logged in as bob"),
        ])
        #expect(InstanceCompleter.complete("b", settings: settings, logins: logins).candidates.map(\.value) == ["beta"])
    }
}
