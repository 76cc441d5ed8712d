import Foundation
import HarborCore
import HarborTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `docker harbor pull|tag|push` with short references through the real docker client and a
/// real engine, against the sandbox Harbor; the pushed image is checked with skopeo.
@Suite(.serialized)
struct DockerPassthroughTests {
    let home: TestHome
    let environment: [String: String]

    init() async throws {
        home = try await TestHome.installed()
        // No DOCKER_HOST: the engine is reached only through the -H typed before `harbor`.
        environment = home.dockerEnvironment
    }

    func docker(_ arguments: [String], stdin: String? = nil) async throws -> CompletedProcess {
        try await ProcessRunner.run("docker", arguments, environment: environment, stdin: stdin)
    }

    /// A sandbox of the test's own with alice logged in and `pkey` as the default project, and the
    /// `-H` flags for the shared engine.
    func loggedInSandbox() async throws -> (SandboxProcess, [String]) {
        let sandbox = try await SandboxProcess.start(fixture: LoginFixture.fixture)
        let engine = try await SharedDockerEngine.get()
        let login = try await docker(["harbor", "login", sandbox.host, "-u", "alice", "--password-stdin", "-q", "--docker-only"], stdin: LoginFixture.aliceSecret)
        #expect(login.status == 0, "\(login)")
        await #expect(try docker(["harbor", "use", sandbox.host, "pkey"]).status == 0)
        return (sandbox, ["-H", "unix://" + engine.socket])
    }

    @Test func shortReferencesPullTagPushThroughTheRealEngine() async throws {
        let (sandbox, H) = try await loggedInSandbox()
        defer { sandbox.stop() }
        let host = sandbox.host

        // Global flags pass through: without -H there is no engine to talk to.
        let noEngine = try await docker(["harbor", "pull", "app:1"])
        #expect(noEngine.status != 0, "\(noEngine)")

        let pull = try await docker(H + ["harbor", "pull", "app:1"])
        #expect(pull.status == 0, "\(pull)")
        #expect(pull.stdout.contains("\(host)/pkey/app:1"), "\(pull)")

        let tag = try await docker(H + ["harbor", "tag", "app:1", "app:pushed"])
        #expect(tag.status == 0, "\(tag)")
        let push = try await docker(H + ["harbor", "push", "app:pushed"])
        #expect(push.status == 0, "\(push)")

        // It landed in the default project.
        _ = try requireTool("skopeo")
        let inspect = try await ProcessRunner.run("skopeo", ["inspect", "--tls-verify=false", "--creds", "alice:\(LoginFixture.aliceSecret)", "docker://\(host)/pkey/app:pushed"], environment: environment)
        #expect(inspect.status == 0, "\(inspect)")
        #expect(inspect.stdout.contains("\"pushed\""), "\(inspect)")

        // PKEY/REPO:TAG works too.
        let pullByProject = try await docker(H + ["harbor", "pull", "-q", "pkey/app:pushed"])
        #expect(pullByProject.status == 0, "\(pullByProject)")
        #expect(pullByProject.stdout.contains("\(host)/pkey/app:pushed"))

        // A missing image: docker's own exit status and message.
        let plainMissing = try await docker(H + ["pull", "\(host)/pkey/app:missing"])
        let missing = try await docker(H + ["harbor", "pull", "app:missing"])
        #expect(missing.status == plainMissing.status && missing.status != 0, "\(missing)")
        #expect(missing.stderr.contains("not found"), "\(missing)")
    }

    @Test func aGuestPushStopsBeforeDockerRunsWithTheRoleMessage() async throws {
        let (sandbox, H) = try await loggedInSandbox()
        defer { sandbox.stop() }
        let host = sandbox.host
        await #expect(try docker(H + ["harbor", "pull", "-q", "app:1"]).status == 0)
        await #expect(try docker(H + ["harbor", "tag", "app:1", "other/app:1"]).status == 0)
        try await sandbox.clearRequests()

        let push = try await docker(H + ["harbor", "push", "other/app:1"])
        #expect(push.status == 11, "the push-denied status helm harbor push uses too: \(push)")
        #expect(push.stderr.contains("alice cannot push to project other on \(host): you have the role guest there; pushing needs Developer"), "\(push)")
        #expect(!push.stdout.contains("The push refers to repository"), "docker push never ran: \(push)")
        let requests = try await sandbox.requests()
        #expect(!requests.contains { $0.path.hasPrefix("/v2/other/") }, "nothing was pushed: \(requests.map(\.path))")
    }

    /// docker/cli v28.2.2, cmd/docker/docker.go `tryPluginRun`: with docker's stdout not a terminal,
    /// an interrupted docker closes the plugin socket and signals nothing; the docker we started
    /// must be told, not orphaned.
    @Test func anInterruptReachesTheDockerWeStarted() async throws {
        var fixture = LoginFixture.fixture
        // The pull hangs on the manifest for a minute unless it is interrupted.
        fixture.faults = [SandboxFault(pathPrefix: "/v2/pkey/app/manifests/", latencyMs: 60_000)]
        let sandbox = try await SandboxProcess.start(fixture: fixture)
        defer { sandbox.stop() }
        let engine = try await SharedDockerEngine.get()
        let login = try await docker(["harbor", "login", sandbox.host, "-u", "alice", "--password-stdin", "-q", "--docker-only"], stdin: LoginFixture.aliceSecret)
        #expect(login.status == 0, "\(login)")
        let running = try ProcessRunner.start("docker", ["-H", "unix://" + engine.socket, "harbor", "pull", "\(sandbox.host)/pkey/app:1"], environment: environment)
        // Wait until the pull is at the manifest.
        for _ in 0..<100 {
            if try await sandbox.requests().contains(where: { $0.path.hasPrefix("/v2/pkey/app/manifests/") }) { break }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        kill(running.pid, SIGINT)  // to docker only, as when it runs in a pipeline
        let result = await running.wait()
        #expect(result.status != 0, "the pull was interrupted, not completed: \(result)")
        #expect(!result.stdout.contains("Downloaded newer image"), "\(result)")
        // The docker we started (`docker -H … pull HOST/…`, no `harbor`) ended too: not left behind.
        let child = "\(engine.socket) pull \(sandbox.host)/pkey/app:1"
        var leftOver = true
        for _ in 0..<50 {
            leftOver = try await ProcessRunner.run("pgrep", ["-f", child], environment: environment).status == 0
            if !leftOver { break }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        #expect(!leftOver, "the docker pull we started is still running")
    }
}
