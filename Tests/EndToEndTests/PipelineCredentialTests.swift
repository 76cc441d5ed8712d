import Foundation
import HarborCore
import HarborTestSupport
import Testing

/// The credential chain end to end: with nothing stored, only the pipeline variables
/// (`HARBOR_USERNAME` + `HARBOR_CLI_SECRET`) or only `DOCKER_AUTH_CONFIG`, every command that talks
/// to Harbor works for the pipeline's Harbor, through the real docker client and real Helm; and
/// a second Harbor on another loopback port never receives the secret from any of them.
@Suite(.serialized)
struct PipelineCredentialTests {
    static let fixture = SandboxFixture(
        users: [.init("alice", secret: "Alice-pipeline-1")],
        projects: [
            .init("pkalpha", members: [.init("alice", .developer)],
                  repositories: [.init("app", tags: ["v1.0"]), .init("hello", kind: .chart, tags: ["0.1.0"])]),
            .init("pkbeta", members: [.init("alice", .guest)]),
        ])
    static let secret = "Alice-pipeline-1"

    /// The pipeline's Harbor, and another one nobody's secret belongs to.
    static let harbor = SharedSandbox(fixture: fixture)
    static let other = SharedSandbox(fixture: SandboxFixture(users: [.init("intruder", secret: "x")], projects: [.init("p", public: true)]))
    static func sandboxes() async throws -> (harbor: SandboxProcess, other: SandboxProcess) {
        (try await harbor.get(), try await other.get())
    }

    enum Way: String, CaseIterable, CustomTestStringConvertible {
        case pipelineVariables
        case dockerAuthConfig
        var testDescription: String { rawValue }

        func variables(host: String) -> [String: String] {
            switch self {
            case .pipelineVariables:
                ["HARBOR_USERNAME": "alice", "HARBOR_CLI_SECRET": PipelineCredentialTests.secret]
            case .dockerAuthConfig:
                ["DOCKER_AUTH_CONFIG": "{\"auths\":{\"\(host)\":{\"auth\":\"\(Data("alice:\(PipelineCredentialTests.secret)".utf8).base64EncodedString())\"}}}"]
            }
        }
    }

    /// docker and the plugin's binaries in a fresh HOME with nothing stored; the defaults name the
    /// pipeline's Harbor and project, as a pipeline's environment would.
    func environment(_ way: Way, harbor: SandboxProcess, home: TestHome) -> [String: String] {
        var environment = home.dockerEnvironment.merging(way.variables(host: harbor.host)) { $1 }
        environment["HARBOR_INSTANCE"] = harbor.host
        environment["HARBOR_PROJECT"] = "pkalpha"
        environment["HARBOR_COMPLETION_TIMEOUT"] = "30"
        return environment
    }

    /// The real docker client in `environment`.
    func docker(_ environment: [String: String]) -> ([String]) async throws -> CompletedProcess {
        { arguments in try await ProcessRunner.run("docker", arguments, environment: environment) }
    }

    func nothingStored(_ home: TestHome) throws {
        let config = (try? home.read(".docker/config.json")) ?? ""
        #expect(!config.contains(Self.secret), "config.json: \(config)")
        #expect(!config.contains(Data("alice:\(Self.secret)".utf8).base64EncodedString()))
    }

    @Test("docker harbor status, projects, repos, tags, TAB and the push pre-check work from the environment alone", arguments: Way.allCases)
    func dockerCommands(_ way: Way) async throws {
        let (harbor, other) = try await Self.sandboxes()
        let home = try await TestHome.installed()
        let docker = self.docker(environment(way, harbor: harbor, home: home))

        let status = try await docker(["harbor", "status", "--check"])
        #expect(status.status == 0, "\(status)")
        let source = way == .pipelineVariables ? "the environment (HARBOR_USERNAME and HARBOR_CLI_SECRET)" : "the environment (DOCKER_AUTH_CONFIG)"
        #expect(status.stdout.contains("Source        \(source)"), "\(status)")
        #expect(status.stdout.contains("Harbor accepts these credentials"), "\(status)")

        let projects = try await docker(["harbor", "projects", "-q"])
        #expect(projects.status == 0, "\(projects)")
        #expect(projects.stdout == "pkalpha\npkbeta\n", "\(projects)")
        let repos = try await docker(["harbor", "repos", "-q"])
        #expect(repos.status == 0, "\(repos)")
        #expect(repos.stdout.contains("pkalpha/app"), "\(repos)")
        let tags = try await docker(["harbor", "tags", "pkalpha/app", "-q"])
        #expect(tags.status == 0, "\(tags)")
        #expect(tags.stdout.contains("v1.0"), "\(tags)")

        // A TAB in a fresh HOME: no cache, so the candidates come from Harbor with these credentials.
        let tab = try await docker(["__complete", "harbor", "tags", "pkalpha/"])
        #expect(tab.status == 0, "\(tab)")
        #expect(tab.stdout.contains("pkalpha/app"), "\(tab)")
        #expect(tab.stderr.isEmpty, "\(tab)")

        // The push pre-check asks Harbor with these credentials: alice is only a guest in pkbeta.
        let refused = try await docker(["harbor", "push", "pkbeta/app:2"])
        #expect(refused.status == 11, "\(refused)")
        #expect(refused.stderr.contains("alice cannot push to project pkbeta"), "\(refused)")

        try nothingStored(home)
        try await expectNoSecret(at: other)
    }

    @Test("with the defaults on another host, nothing is sent there with the secret", arguments: Way.allCases)
    func neverToAnotherHost(_ way: Way) async throws {
        let (harbor, other) = try await Self.sandboxes()
        let home = try await TestHome.installed()
        let docker = self.docker(environment(way, harbor: harbor, home: home))
        for arguments in [
            ["harbor", "status", other.host, "--check"],
            ["harbor", "projects", "--instance", other.host],
            ["harbor", "repos", "p", "--instance", other.host],
            ["harbor", "tags", "\(other.host)/p/app"],
            ["harbor", "push", "\(other.host)/p/app:1"],
        ] {
            let result = try await docker(arguments)
            #expect(result.status != 0, "\(arguments): \(result)")
            #expect(result.stderr.contains("not logged in to \(other.host)"), "\(arguments): \(result)")
            if way == .pipelineVariables {
                #expect(result.stderr.contains("never sent to \(other.host)"), "\(arguments): \(result)")
            }
        }
        let tab = try await docker(["__complete", "harbor", "tags", "\(other.host)/p/"])
        #expect(tab.status == 0 && tab.stderr.isEmpty, "\(tab)")
        let helm = try await Helm(version: "4.3.1")
        defer { helm.remove() }
        let chart = try await Self.chart(helm)
        let push = try await helm.run(["harbor", "push", chart, "\(other.host)/p"], environment: way.variables(host: harbor.host).merging(["HARBOR_INSTANCE": harbor.host]) { $1 })
        #expect(push.status != 0, "\(push)")
        #expect(push.stderr.contains("not logged in to \(other.host)"), "\(push)")
        try await expectNoSecret(at: other)
    }

    @Test("helm harbor push and charts work from the environment alone, through real Helm", arguments: Way.allCases, ["3.9.4", "4.3.1"])
    func helmCommands(_ way: Way, version: String) async throws {
        let (harbor, other) = try await Self.sandboxes()
        let helm = try await Helm(version: version)
        defer { helm.remove() }
        let chart = try await Self.chart(helm)
        var extra = way.variables(host: harbor.host)
        extra["HARBOR_INSTANCE"] = harbor.host
        extra["HARBOR_PROJECT"] = "pkalpha"
        let push = try await helm.run(["harbor", "push", chart], environment: extra)
        #expect(push.status == 0, "\(push)")
        #expect(push.stdout.contains("Pushed: \(harbor.host)/pkalpha/pipeline-demo:0.1.0"), "\(push)")
        let charts = try await helm.run(["harbor", "charts", "-q"], environment: extra)
        #expect(charts.status == 0, "\(charts)")
        #expect(charts.stdout.contains("pkalpha/pipeline-demo"), "\(charts)")
        let registry = (try? String(contentsOfFile: helm.registryConfig, encoding: .utf8)) ?? ""
        #expect(!registry.contains(Self.secret))
        try await expectNoSecret(at: other)
    }

    /// A chart made by Helm itself.
    static func chart(_ helm: Helm) async throws -> String {
        let created = try await helm.run(["create", "pipeline-demo"], directory: helm.home)
        guard created.status == 0 else { throw TestSupportError("helm create: \(created)") }
        let packaged = try await helm.run(["package", "pipeline-demo", "--version", "0.1.0"], directory: helm.home)
        guard packaged.status == 0 else { throw TestSupportError("helm package: \(packaged)") }
        return helm.home + "/pipeline-demo-0.1.0.tgz"
    }

    /// The other Harbor saw no request that carried credentials.
    func expectNoSecret(at other: SandboxProcess) async throws {
        let requests = try await other.requests()
        #expect(requests.allSatisfy { $0.auth == "none" }, "\(requests)")
    }
}
