import Foundation
import HarborCore
import HarborTestSupport
import Testing

/// `docker-credential-harbor` as the real clients use it: docker 28.2.2 (with a real engine) and Helm 4.3.1 find it
/// through `credHelpers` in docker's config.json and get the pipeline's credentials from the
/// environment, and nothing is written to disk.
@Suite(.serialized)
struct CredentialHelperClientTests {
    static let chartFixture = SandboxFixture(
        users: [.init("alice", secret: LoginFixture.aliceSecret)],
        robots: [.init("robot$pkey+ci", secret: "RobotCi1secret", permissions: [.init(project: "pkey", actions: ["pull"])])],
        projects: [.init("pkey", members: [.init("alice", .developer)], repositories: [.init("app", tags: ["1"]), .init("hello", kind: .chart, tags: ["0.1.0"])])])

    let home: TestHome
    let environment: [String: String]

    init() async throws {
        home = try await TestHome.installed()
        var environment = home.dockerEnvironment
        // install.sh puts docker-credential-harbor into ~/.local/bin.
        environment["PATH"] = home.path + "/.local/bin:" + (environment["PATH"] ?? "/usr/bin:/bin")
        self.environment = environment
    }

    func run(_ tool: String, _ arguments: [String], extra: [String: String] = [:], stdin: String? = nil) async throws -> CompletedProcess {
        try await ProcessRunner.run(tool, arguments, environment: environment.merging(extra) { $1 }, stdin: stdin)
    }

    @Test func theInstalledHelperIsTheOneBinary() async throws {
        let link = home.path + "/.local/bin/docker-credential-harbor"
        let target = try FileManager.default.destinationOfSymbolicLink(atPath: link)
        #expect(target == home.dockerConfig + "/cli-plugins/docker-harbor")
        let helmLink = try FileManager.default.destinationOfSymbolicLink(atPath: home.helmPluginDir + "/bin/helm-harbor")
        #expect(helmLink == target)
        let version = try await run("docker-credential-harbor", ["version"])
        #expect(version.status == 0 && version.stdout.hasPrefix("docker-credential-harbor "), "\(version)")
        let missing = try await run("docker-credential-harbor", ["get"], stdin: "registry.example.com")
        #expect(missing.status == 1)
        #expect(missing.stdout == "credentials not found in native keychain\n")
    }

    @Test func dockerPullUsesThePipelineCredentialsAndWritesNothing() async throws {
        let sandbox = try await SandboxProcess.start(fixture: LoginFixture.fixture)
        defer { sandbox.stop() }
        let pipeline = ["HARBOR_USERNAME": "alice", "HARBOR_CLI_SECRET": LoginFixture.aliceSecret]
        // `docker harbor login --helper` checks the secret and only maps the host to the helper.
        let login = try await run("docker", ["harbor", "login", sandbox.host, "--helper", "--docker-only"], extra: pipeline)
        #expect(login.status == 0, "\(login)")
        #expect(login.stdout.contains("nothing secret was written"), "\(login)")
        let config = try home.read(".docker/config.json")
        #expect(config.contains("\"credHelpers\""), "\(config)")
        #expect(!config.contains("\"auth\""), "no secret in config.json: \(config)")
        #expect(!config.contains(LoginFixture.aliceSecret))

        // A real engine pulls from the private project with what the helper answered.
        let engine = try await SharedDockerEngine.get()
        let H = ["-H", "unix://" + engine.socket]
        let anonymous = try await run("docker", H + ["pull", "\(sandbox.host)/pkey/app:1"])
        #expect(anonymous.status != 0, "a private project needs credentials: \(anonymous)")
        try await sandbox.clearRequests()
        let pull = try await run("docker", H + ["pull", "\(sandbox.host)/pkey/app:1"], extra: pipeline)
        #expect(pull.status == 0, "\(pull)")
        let requests = try await sandbox.requests()
        #expect(requests.contains { $0.path.hasPrefix("/service/token") && $0.username == "alice" }, "\(requests.map { ($0.path, $0.username) })")
        #expect(try home.read(".docker/config.json") == config, "docker wrote nothing")
    }

    @Test func helm4PullsAPrivateChartWithTheHelper() async throws {
        let helm = try Helm.binary(version: "4.3.1")
        let sandbox = try await SandboxProcess.start(fixture: Self.chartFixture)
        defer { sandbox.stop() }
        try home.write("{\n\t\"credHelpers\": {\n\t\t\"\(sandbox.host)\": \"harbor\"\n\t}\n}\n", to: ".docker/config.json")
        let helmHome = [
            "HELM_REGISTRY_CONFIG": home.path + "/helm-registry/config.json",
            "HELM_CACHE_HOME": home.path + "/helm-cache", "HELM_CONFIG_HOME": home.path + "/helm-config", "HELM_DATA_HOME": home.path + "/helm-data",
        ]
        let destination = home.path + "/charts"
        try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
        let arguments = ["pull", "oci://\(sandbox.host)/pkey/hello", "--version", "0.1.0", "--plain-http", "-d", destination]

        let denied = try await run(helm, arguments, extra: helmHome)
        #expect(denied.status != 0, "a private chart needs credentials: \(denied)")

        let pipeline = ["HARBOR_USERNAME": "robot$pkey+ci", "HARBOR_PASSWORD": "RobotCi1secret"]
        let pulled = try await run(helm, arguments, extra: helmHome.merging(pipeline) { $1 })
        #expect(pulled.status == 0, "\(pulled)")
        #expect(FileManager.default.fileExists(atPath: destination + "/hello-0.1.0.tgz"))
        #expect(!FileManager.default.fileExists(atPath: home.path + "/helm-registry/config.json"), "Helm wrote no credentials")
        #expect(!(try home.read(".docker/config.json")).contains("RobotCi1secret"))
    }
}
