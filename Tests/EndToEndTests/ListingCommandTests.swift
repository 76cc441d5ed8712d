import Foundation
import HarborCommands
import HarborCore
import HarborTestSupport
import Testing

/// `projects`, `repos`, `tags` and `charts` through the real docker client and the Helm plugin
/// binary, against the sandbox; and the `__complete` path's silence on stderr.
@Suite(.serialized)
struct ListingCommandTests {
    static let fixture = SandboxFixture(
        users: [.init("alice", secret: "Alice1234"), .init("bob", secret: "Bob12345")],
        projects: [
            .init("pkalpha", members: [.init("alice", .developer)],
                  repositories: [.init("app", tags: ["v1.0", "latest"]), .init("team/api", tags: ["2.0"]),
                                 .init("hello", kind: .chart, tags: ["0.1.0", "0.2.0"])]),
            .init("pkbeta", members: [.init("alice", .guest)]),
            .init("library", public: true),
            .init("hidden"),
        ])

    static let shared = SharedSandbox(fixture: fixture)

    let home: TestHome
    let sandbox: SandboxProcess
    let environment: [String: String]

    init() async throws {
        home = try await TestHome.installed()
        sandbox = try await Self.shared.get()
        // A TAB's budget is generous here (the machine may be busy with the whole suite); the
        // stalled-server test sets its own.
        environment = home.dockerEnvironment.merging(["HARBOR_COMPLETION_TIMEOUT": "30"]) { $1 }
        let login = try await docker(["harbor", "login", sandbox.host, "-u", "alice", "--password-stdin", "-q"], stdin: "Alice1234")
        #expect(login.status == 0, "\(login)")
        await #expect(try docker(["harbor", "use", sandbox.host, "pkalpha"]).status == 0)
    }

    func docker(_ arguments: [String], stdin: String? = nil, environment extra: [String: String] = [:]) async throws -> CompletedProcess {
        try await ProcessRunner.run("docker", arguments, environment: environment.merging(extra) { $1 }, stdin: stdin)
    }

    func helmPlugin(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> CompletedProcess {
        try await ProcessRunner.run(home.helmPluginDir + "/bin/helm-harbor", arguments, environment: environment.merging(extra) { $1 })
    }

    @Test func projectsShowsKeysRolesVisibilityAndCounts() async throws {
        let result = try await docker(["harbor", "projects"])
        #expect(result.status == 0, "\(result)")
        let lines = result.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(lines == [
            "NAME ROLE VISIBILITY REPOSITORIES PUSH",
            "pkalpha developer private 3 yes",
            "pkbeta guest private 0 no",
            "library public public 0 no",
        ], "\(result)")
        #expect(!result.stdout.contains("hidden"))
    }

    @Test("HARBOR_TIMEOUT that is not a whole number of seconds is a usage error, before any request", arguments: ["0", "-5", "abc", "1.5"])
    func badTimeoutVariable(_ value: String) async throws {
        let result = try await docker(["harbor", "projects"], environment: ["HARBOR_TIMEOUT": value])
        #expect(result.status == 125, "\(result)")
        #expect(result.stderr.contains("the value '\(value)' is invalid for HARBOR_TIMEOUT: expected a whole number of seconds, at least 1"), "\(result)")
        #expect(result.stdout.isEmpty)
        await #expect(try docker(["harbor", "projects", "-q"], environment: ["HARBOR_TIMEOUT": "7"]).status == 0)
    }

    @Test func formatsJsonTemplatesAndQuiet() async throws {
        let json = try await docker(["harbor", "projects", "--format", "json"])
        #expect(json.status == 0, "\(json)")
        let first = try JSONSerialization.jsonObject(with: Data(json.stdout.split(separator: "\n")[0].utf8)) as? [String: Any]
        #expect(first?["Name"] as? String == "pkalpha")
        #expect(first?["Role"] as? String == "developer")
        #expect(first?["Push"] as? Bool == true)
        #expect(first?["Repositories"] as? Int == 3)

        let template = try await docker(["harbor", "projects", "--format", "{{.Name}}:{{.Role}}"])
        #expect(template.stdout == "pkalpha:developer\npkbeta:guest\nlibrary:public\n", "\(template)")
        let table = try await docker(["harbor", "repos", "--format", "table {{.Name}}\\t{{.Artifacts}}"])
        #expect(table.stdout.split(separator: "\n").first.map(String.init)?.hasPrefix("NAME") == true, "\(table)")
        #expect(table.stdout.contains("pkalpha/team/api"))
        let quiet = try await docker(["harbor", "repos", "-q"])
        #expect(quiet.stdout == "pkalpha/app\npkalpha/hello\npkalpha/team/api\n", "\(quiet)")
        let unknown = try await docker(["harbor", "repos", "--format", "{{.Nope}}"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("the field .Nope does not exist"), "\(unknown)")
        #expect(unknown.stderr.contains(".Name, .Artifacts, .Updated"))
    }

    @Test func tagsShowDigestTypeSizeAndTimeInRFC3339WhenPiped() async throws {
        let result = try await docker(["harbor", "tags", "pkalpha/app", "--format", "json"])
        #expect(result.status == 0, "\(result)")
        let rows = try result.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:] }
        #expect(Set(rows.compactMap { $0["Tag"] as? String }) == ["v1.0", "latest"])
        #expect(rows.allSatisfy { ($0["Digest"] as? String)?.hasPrefix("sha256:") == true && $0["Type"] as? String == "IMAGE" && ($0["Size"] as? Int ?? 0) > 0 })
        let pushed = try #require(rows.first?["Pushed"] as? String)
        #expect((try? Date(pushed, strategy: .iso8601)) != nil, "\(pushed)")
        let table = try await docker(["harbor", "tags", "app"])
        #expect(table.stdout.hasPrefix("TAG"), "\(table)")
        #expect(table.stdout.contains("IMAGE"))
        #expect(table.stdout.contains(pushed), "piped tables show RFC 3339 times")
        let nested = try await docker(["harbor", "tags", "pkalpha/team/api", "-q"])
        #expect(nested.stdout == "2.0\n", "\(nested)")
    }

    @Test func chartsListChartsAndVersions() async throws {
        let result = try await helmPlugin(["charts", "--format", "{{.Name}} {{.Versions}}"])
        #expect(result.status == 0, "\(result)")
        let line = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(line == "pkalpha/hello 0.2.0,0.1.0" || line == "pkalpha/hello 0.1.0,0.2.0", "\(result)")
    }

    @Test func aForbiddenProjectSaysWhy() async throws {
        let result = try await docker(["harbor", "repos", "hidden"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("403 Forbidden"), "\(result)")
        #expect(result.stderr.contains("not a member of that project, or it does not exist"))
    }

    /// A HOME whose stored credentials for `host` are `username:secret`, using this HOME's plugin.
    func homeWithStoredSecret(host: String, secret: String) throws -> (TestHome, [String: String]) {
        let other = try TestHome()
        var environment = other.dockerEnvironment
        environment["HARBOR_INSTANCE"] = host
        let auth = Data("alice:\(secret)".utf8).base64EncodedString()
        try other.write(#"{"auths":{"\#(host)":{"auth":"\#(auth)"}}}"#, to: ".docker/config.json")
        return (other, environment)
    }

    @Test("tags PKEY/REPO --instance HOST, with no instance configured: --instance is where the short form lives")
    func tagsTakeTheInstanceFromTheFlag() async throws {
        var (_, fresh) = try homeWithStoredSecret(host: sandbox.host, secret: "Alice1234")
        fresh["HARBOR_INSTANCE"] = nil
        let plugin = home.dockerConfig + "/cli-plugins/docker-harbor"
        let result = try await ProcessRunner.run(plugin, ["harbor", "tags", "pkalpha/team/api", "--instance", sandbox.host, "-q"], environment: fresh)
        #expect(result.status == 0 && result.stdout == "2.0\n", "\(result)")
        let conflict = try await ProcessRunner.run(plugin, ["harbor", "tags", "registry.example.com/pkalpha/app", "--instance", sandbox.host], environment: fresh)
        #expect(conflict.status == 125, "\(conflict)")
        #expect(conflict.stderr.contains("registry.example.com/pkalpha/app is on registry.example.com, but --instance names \(sandbox.host)"), "\(conflict)")
    }

    @Test func aWrongSecretIsReportedNotHiddenBehindPublicProjects() async throws {
        // A stored secret that Harbor does not accept (as after a changed CLI secret).
        let (_, environment) = try homeWithStoredSecret(host: sandbox.host, secret: "WrongSecret9")
        let plugin = home.dockerConfig + "/cli-plugins/docker-harbor"
        let result = try await ProcessRunner.run(plugin, ["harbor", "projects"], environment: environment)
        #expect(result.status == HarborCore.ExitStatus.credentialsRejected, "\(result)")
        #expect(!result.stdout.contains("library"), "the public list must not be shown as alice's")
        #expect(result.stderr.contains("rejected the credentials for alice"), "\(result)")
        // And a TAB offers nothing rather than the public projects, silently.
        let tab = try await ProcessRunner.run(plugin, ["__complete", "harbor", "pull", ""], environment: environment)
        #expect(tab.status == 0 && tab.stderr.isEmpty && tab.stdout == ":6\n", "\(tab)")
    }

    @Test(.timeLimit(.minutes(2)))
    func aStalledHarborGetsTheCachedCandidatesWithinTheBudget() async throws {
        let plugin = home.dockerConfig + "/cli-plugins/docker-harbor"
        // A listing fills the cache; a TTL of 0 makes every entry stale, so the TAB asks Harbor.
        await #expect(try docker(["harbor", "repos", "pkalpha", "-q"]).status == 0)
        let stale = environment.merging(["HARBOR_COMPLETION_TTL": "0", "HARBOR_COMPLETION_TIMEOUT": "0.5"]) { $1 }
        try await sandbox.setFaults([SandboxFault(pathPrefix: "/api/v2.0/projects/pkalpha/repositories", stall: true)])
        let cached = try await ProcessRunner.run(plugin, ["__complete", "harbor", "pull", "pkalpha/"], environment: stale)
        let empty = try await ProcessRunner.run(plugin, ["__complete", "harbor", "pull", "pkalpha/"],
                                          environment: stale.merging(["XDG_CACHE_HOME": home.path + "/no-cache"]) { $1 })
        try await sandbox.clearFaults()
        #expect(cached.status == 0 && cached.stderr.isEmpty, "\(cached)")
        let values = cached.stdout.split(separator: "\n").map { String($0.prefix { $0 != "\t" }) }
        #expect(values == ["pkalpha/app", "pkalpha/hello", "pkalpha/team/api", ":6"], "\(cached)")
        #expect(empty.status == 0 && empty.stderr.isEmpty && empty.stdout == ":6\n", "\(empty)")
    }

    @Test func completionWritesNothingToStderr() async throws {
        let plugin = home.dockerConfig + "/cli-plugins/docker-harbor"
        let cases: [[String]] = [
            ["__complete", "harbor", "pull", ""], ["__complete", "harbor", "pull", "pkalpha/app:"], ["__completeNoDesc", "pull", "pk"],
            ["__complete", "harbor", "login", ""], ["__complete", "harbor", "tags", "nosuch/"],
        ]
        for arguments in cases {
            let result = try await ProcessRunner.run(plugin, arguments, environment: environment)
            #expect(result.status == 0, "\(arguments): \(result)")
            #expect(result.stderr.isEmpty, "\(arguments): \(result)")
            #expect(result.stdout.hasSuffix("\n") && result.stdout.split(separator: "\n").last?.hasPrefix(":") == true, "\(arguments): \(result)")
        }
        let pull = try await ProcessRunner.run(plugin, ["__complete", "harbor", "pull", "pk"], environment: environment)
        #expect(pull.stdout == "pkalpha/\tdeveloper\npkbeta/\tguest\n:6\n", "\(pull)")
        // Harbor unreachable: credentials for a port nothing listens on.
        let (_, unreachable) = try homeWithStoredSecret(host: "127.0.0.1:9", secret: "Alice1234")
        let offline = try await ProcessRunner.run(plugin, ["__complete", "harbor", "pull", ""], environment: unreachable)
        #expect(offline.status == 0 && offline.stderr.isEmpty && offline.stdout == ":6\n", "\(offline)")
        // A settings file that cannot be read: no candidates, no error.
        let broken = try TestHome()
        try broken.write("{not json", to: ".config/harbor/settings.json")
        let unreadable = try await ProcessRunner.run(plugin, ["__complete", "harbor", "pull", ""], environment: broken.dockerEnvironment)
        #expect(unreadable.status == 0 && unreadable.stderr.isEmpty && unreadable.stdout == ":4\n", "\(unreadable)")
        let helm = try await helmPlugin(["__complete", "push", "x.tgz", ""])
        #expect(helm.status == 0 && helm.stderr.isEmpty, "\(helm)")
        #expect(helm.stdout == "pkalpha\tdeveloper\n:4\n", "\(helm)")
        await #expect(try helmPlugin(["__complete", "push", ""]).stdout == "tgz\n:8\n")
    }
}
