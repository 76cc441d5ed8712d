import Foundation
import HarborCore
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Interrupting a plugin that waits (here: for the settings file lock another process holds).
/// docker-plugins.md §3 "Signals and the plugin socket": with docker's stdout not a terminal,
/// docker does not signal the plugin but closes DOCKER_CLI_PLUGIN_SOCKET; the plugin must take
/// EOF as "terminate now". Nothing may be written after the interrupt.
@Suite(.serialized)
struct InterruptTests {
    let home: TestHome
    let environment: [String: String]
    let settingsPath: String

    init() throws {
        home = try TestHome.installed()
        environment = home.dockerEnvironment
        settingsPath = home.path + "/.config/harbor/settings.json"
        try home.write("{\n  \"project\" : \"before\"\n}\n", to: ".config/harbor/settings.json")
    }

    /// Waits until `pid` has a child process (the plugin), or gives up after ~5 s.
    func waitForBlockedChild(of running: ProcessRunner.Running) {
        Thread.sleep(forTimeInterval: 1.0)
        #expect(running.process.isRunning, "the command should be waiting for the lock")
    }

    @Test func dockerClosingThePluginSocketEndsThePlugin() throws {
        let lock = try FileLock(guarding: settingsPath)
        let running = try ProcessRunner.start("docker", ["harbor", "config", "set", "project", "after"], environment: environment)
        waitForBlockedChild(of: running)
        kill(running.pid, SIGINT)  // to docker only, as when it runs in a pipeline
        let result = running.wait()
        withExtendedLifetime(lock) {}
        #expect(result.status == 130, "\(result)")
        #expect(try home.read(".config/harbor/settings.json").contains("\"before\""))
    }

    @Test func sigtermEndsAStandalonePlugin() throws {
        let lock = try FileLock(guarding: settingsPath)
        let running = try ProcessRunner.start(home.dockerConfig + "/cli-plugins/docker-harbor", ["config", "set", "project", "after"], environment: environment)
        waitForBlockedChild(of: running)
        kill(running.pid, SIGTERM)
        let result = running.wait()
        withExtendedLifetime(lock) {}
        #expect(result.status == 143, "\(result)")
        #expect(try home.read(".config/harbor/settings.json").contains("\"before\""))
    }

    @Test func withoutInterruptTheWaitingWriteCompletes() throws {
        var lock: FileLock? = try FileLock(guarding: settingsPath)
        let running = try ProcessRunner.start("docker", ["harbor", "config", "set", "project", "after"], environment: environment)
        waitForBlockedChild(of: running)
        lock = nil
        _ = lock
        let result = running.wait()
        #expect(result.status == 0, "\(result)")
        #expect(try home.read(".config/harbor/settings.json").contains("\"after\""))
    }
}
