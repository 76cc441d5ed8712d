import Foundation
import HarborTestSupport
import Testing

/// `docker harbor login`, then the real docker client and a real Docker engine (dockerd from
/// Debian's docker.io) push and pull through the sandbox Harbor with what the plugin stored;
/// after `docker harbor logout` the engine is refused.
struct DockerEngineTests {
    @Test func loginPushPullLogoutThroughARealEngine() async throws {
        let sandbox = try await RealClientSandbox.shared.get()
        let engine = try await DockerEngine.shared.start()
        let home = try await TestHome.installed()
        defer { try? FileManager.default.removeItem(atPath: home.path) }
        let environment = home.dockerEnvironment.merging(engine.environment) { $1 }
        func docker(_ arguments: [String], stdin: String? = nil) async throws -> CompletedProcess {
            try await ProcessRunner.run("docker", arguments, environment: environment, stdin: stdin)
        }

        // An image of one file, imported into the engine under a name in the sandbox.
        let image = "\(sandbox.host)/pkey/engine-test:\(UUID().uuidString.prefix(8).lowercased())"
        try home.write("hello from the engine test\n", to: "rootfs/hello.txt")
        let tar = try await ProcessRunner.run("/bin/tar", ["-C", home.path + "/rootfs", "-cf", home.path + "/rootfs.tar", "."], environment: home.environment)
        #expect(tar.status == 0, "\(tar)")
        let imported = try await docker(["import", home.path + "/rootfs.tar", image])
        try #require(imported.status == 0, "\(imported)")

        let anonymous = try await docker(["push", image])
        #expect(anonymous.status != 0, "the sandbox refuses an anonymous push: \(anonymous)")

        let login = try await docker(["harbor", "login", sandbox.host, "-u", "alice", "--password-stdin"], stdin: RealClientSandbox.aliceSecret + "\n")
        try #require(login.status == 0, "\(login)")

        let pushed = try await docker(["push", image])
        #expect(pushed.status == 0, "\(pushed)")
        #expect(pushed.stdout.contains("digest: sha256:"), "\(pushed)")

        let removed = try await docker(["rmi", image])
        #expect(removed.status == 0, "\(removed)")
        let pulled = try await docker(["pull", image])
        #expect(pulled.status == 0, "\(pulled)")
        #expect(pulled.stdout.contains("Downloaded newer image for \(image)"), "\(pulled)")
        _ = try await docker(["rmi", image])

        let logout = try await docker(["harbor", "logout", sandbox.host])
        #expect(logout.status == 0, "\(logout)")
        let refused = try await docker(["pull", image])
        #expect(refused.status != 0, "\(refused)")
        #expect(refused.stderr.contains("denied") || refused.stderr.contains("unauthorized"), "\(refused)")
    }
}
