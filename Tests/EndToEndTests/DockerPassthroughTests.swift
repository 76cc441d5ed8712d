import Foundation
import HarborCore
import HarborTestSupport
import Testing

/// `docker harbor pull|tag|push` with short references through the real docker client and a
/// real engine, against the sandbox Harbor; the pushed image is checked with skopeo.
@Suite(.serialized)
struct DockerPassthroughTests {
    let home: TestHome
    let environment: [String: String]

    init() throws {
        home = try TestHome.installed()
        // No DOCKER_HOST: the engine is reached only through the -H typed before `harbor`.
        environment = home.dockerEnvironment
    }

    func docker(_ arguments: [String], stdin: String? = nil) throws -> ProcessResult {
        try ProcessRunner.run("docker", arguments, environment: environment, stdin: stdin)
    }

    @Test func shortReferencesPullTagPushThroughTheRealEngine() async throws {
        let sandbox = try await SandboxProcess.start(fixture: LoginFixture.fixture)
        defer { sandbox.stop() }
        let engine = try LocalDockerEngine()
        defer { engine.stop() }
        let host = sandbox.host
        let login = try docker(["harbor", "login", host, "-u", "alice", "--password-stdin", "-q", "--docker-only"], stdin: LoginFixture.aliceSecret)
        #expect(login.status == 0, "\(login)")
        #expect(try docker(["harbor", "use", host, "pkey"]).status == 0)
        let H = ["-H", "unix://" + engine.socket]

        // Global flags pass through: without -H there is no engine to talk to.
        let noEngine = try docker(["harbor", "pull", "app:1"])
        #expect(noEngine.status != 0, "\(noEngine)")

        let pull = try docker(H + ["harbor", "pull", "app:1"])
        #expect(pull.status == 0, "\(pull)")
        #expect(pull.stdout.contains("\(host)/pkey/app:1"), "\(pull)")

        let tag = try docker(H + ["harbor", "tag", "app:1", "app:pushed"])
        #expect(tag.status == 0, "\(tag)")
        let push = try docker(H + ["harbor", "push", "app:pushed"])
        #expect(push.status == 0, "\(push)")

        // It landed in the default project.
        _ = try requireTool("skopeo")
        let inspect = try ProcessRunner.run("skopeo", ["inspect", "--tls-verify=false", "--creds", "alice:\(LoginFixture.aliceSecret)", "docker://\(host)/pkey/app:pushed"], environment: environment)
        #expect(inspect.status == 0, "\(inspect)")
        #expect(inspect.stdout.contains("\"pushed\""), "\(inspect)")

        // PKEY/REPO:TAG works too.
        let pullByProject = try docker(H + ["harbor", "pull", "-q", "pkey/app:pushed"])
        #expect(pullByProject.status == 0, "\(pullByProject)")
        #expect(pullByProject.stdout.contains("\(host)/pkey/app:pushed"))

        // A missing image: docker's own exit status and message.
        let plainMissing = try docker(H + ["pull", "\(host)/pkey/app:missing"])
        let missing = try docker(H + ["harbor", "pull", "app:missing"])
        #expect(missing.status == plainMissing.status && missing.status != 0, "\(missing)")
        #expect(missing.stderr.contains("not found"), "\(missing)")
    }

    @Test func aGuestPushStopsBeforeDockerRunsWithTheRoleMessage() async throws {
        let sandbox = try await SandboxProcess.start(fixture: LoginFixture.fixture)
        defer { sandbox.stop() }
        let engine = try LocalDockerEngine()
        defer { engine.stop() }
        let host = sandbox.host
        let login = try docker(["harbor", "login", host, "-u", "alice", "--password-stdin", "-q", "--docker-only"], stdin: LoginFixture.aliceSecret)
        #expect(login.status == 0, "\(login)")
        #expect(try docker(["harbor", "use", host, "pkey"]).status == 0)
        let H = ["-H", "unix://" + engine.socket]
        #expect(try docker(H + ["harbor", "pull", "-q", "app:1"]).status == 0)
        #expect(try docker(H + ["harbor", "tag", "app:1", "other/app:1"]).status == 0)
        try await sandbox.clearRequests()

        let push = try docker(H + ["harbor", "push", "other/app:1"])
        #expect(push.status == 1, "\(push)")
        #expect(push.stderr.contains("alice cannot push to project other on \(host): you have the role guest there; pushing needs Developer"), "\(push)")
        #expect(!push.stdout.contains("The push refers to repository"), "docker push never ran: \(push)")
        let requests = try await sandbox.requests()
        #expect(!requests.contains { $0.path.hasPrefix("/v2/other/") }, "nothing was pushed: \(requests.map(\.path))")
    }
}
