import Foundation
import HarborCore
import HarborTestSupport
import Testing

/// The real docker client (28.2.2) with plugin hooks enabled by `docker harbor hooks enable`,
/// in a pseudo-terminal (docker runs hooks only when its stdout is a terminal, docker/cli
/// v28.2.2 cmd/docker/docker.go): a failed `docker login`/`docker push` (with a real engine)
/// against the sandbox Harbor shows our hint; another registry, and a success, show none.
@Suite(.serialized)
struct DockerHookTests {
    let home: TestHome
    let environment: [String: String]

    init() async throws {
        home = try await TestHome.installed()
        // No daemon: docker login falls back to logging in client-side (docker/cli v28.2.2,
        // cli/command/registry/login.go `loginClientSide`).
        environment = home.dockerEnvironment.merging(["DOCKER_HOST": "unix://\(home.path)/no-daemon.sock"]) { $1 }
    }

    func docker(_ arguments: [String], stdin: String? = nil) async throws -> CompletedProcess {
        try await ProcessRunner.run("docker", arguments, environment: environment, stdin: stdin)
    }

    /// Runs docker in a pseudo-terminal (util-linux `script`); stdout and stderr arrive merged.
    func dockerInTerminal(_ arguments: [String]) async throws -> CompletedProcess {
        _ = try requireTool("script")
        let command = (["docker"] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        return try await ProcessRunner.run("script", ["-q", "-e", "-c", command, "/dev/null"], environment: environment)
    }

    func prepare(_ sandbox: SandboxProcess) async throws {
        let login = try await docker(["harbor", "login", sandbox.host, "-u", "alice", "--password-stdin", "-q", "--docker-only"], stdin: LoginFixture.aliceSecret)
        #expect(login.status == 0, "\(login)")
        let enable = try await docker(["harbor", "hooks", "enable"])
        #expect(enable.status == 0, "\(enable)")
    }

    @Test func aFailedLoginToHarborShowsTheHintAndNothingElseDoes() async throws {
        let sandbox = try await SharedLoginSandbox.plain.get()
        try await prepare(sandbox)

        let refused = try await dockerInTerminal(["login", "-u", "alice", "-p", "NotTheSecret1", sandbox.host])
        #expect(refused.status != 0, "\(refused)")
        #expect(refused.stdout.contains("What's next:"), "\(refused)")
        #expect(refused.stdout.contains("Harbor refused your CLI secret"), "\(refused)")
        #expect(refused.stdout.contains("docker harbor login \(sandbox.host)"), "\(refused)")

        // Success: docker runs the hook, which says nothing.
        let accepted = try await dockerInTerminal(["login", "-u", "alice", "-p", LoginFixture.aliceSecret, sandbox.host])
        #expect(accepted.status == 0, "\(accepted)")
        #expect(accepted.stdout.contains("Login Succeeded"), "\(accepted)")
        #expect(!accepted.stdout.contains("What's next:"), "\(accepted)")

        // Another registry (a second sandbox we never logged in to): a failure without a hint.
        let other = try await SandboxProcess.start(fixture: LoginFixture.fixture)
        defer { other.stop() }
        let elsewhere = try await dockerInTerminal(["login", "-u", "alice", "-p", "NotTheSecret1", other.host])
        #expect(elsewhere.status != 0, "\(elsewhere)")
        #expect(elsewhere.stdout.lowercased().contains("unauthorized"), "\(elsewhere)")
        #expect(!elsewhere.stdout.contains("What's next:"), "\(elsewhere)")

        // Without a terminal docker runs no hooks at all.
        let piped = try await docker(["login", "-u", "alice", "-p", "NotTheSecret1", sandbox.host])
        #expect(piped.status != 0)
        #expect(!(piped.stdout + piped.stderr).contains("What's next:"))
    }

    @Test func aPushHarborDeniesShowsTheRoleHint() async throws {
        let sandbox = try await SharedLoginSandbox.plain.get()
        try await prepare(sandbox)
        let engine = try await SharedDockerEngine.get()
        let H = ["-H", "unix://" + engine.socket]
        // alice may pull from pkey but is a guest in other: the real engine's push is refused by the sandbox.
        let pull = try await docker(H + ["pull", "-q", "\(sandbox.host)/pkey/app:1"])
        #expect(pull.status == 0, "\(pull)")
        await #expect(try docker(H + ["tag", "\(sandbox.host)/pkey/app:1", "\(sandbox.host)/other/app:1"]).status == 0)
        let denied = try await dockerInTerminal(H + ["push", "\(sandbox.host)/other/app:1"])
        #expect(denied.status != 0, "\(denied)")
        #expect(denied.stdout.contains("unauthorized to access repository: other/app, action: push"), "\(denied)")
        #expect(denied.stdout.contains("What's next:"), "\(denied)")
        #expect(denied.stdout.contains("role in the project may not allow pushing"), "\(denied)")

        // A successful push says nothing.
        await #expect(try docker(H + ["tag", "\(sandbox.host)/pkey/app:1", "\(sandbox.host)/pkey/app:hooked"]).status == 0)
        let pushed = try await dockerInTerminal(H + ["push", "\(sandbox.host)/pkey/app:hooked"])
        #expect(pushed.status == 0, "\(pushed)")
        #expect(!pushed.stdout.contains("What's next:"), "\(pushed)")
    }

    @Test func hooksDisableStopsTheHint() async throws {
        let sandbox = try await SharedLoginSandbox.plain.get()
        try await prepare(sandbox)
        let disable = try await docker(["harbor", "hooks", "disable"])
        #expect(disable.status == 0, "\(disable)")
        let refused = try await dockerInTerminal(["login", "-u", "alice", "-p", "NotTheSecret1", sandbox.host])
        #expect(refused.status != 0)
        #expect(!refused.stdout.contains("What's next:"), "\(refused)")
    }
}
