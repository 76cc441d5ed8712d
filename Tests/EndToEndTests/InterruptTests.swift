import Foundation
import HarborCore
import HarborTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Interrupting a plugin that waits (here: for the settings file lock another process holds).
/// docker/cli v28.2.2, cmd/docker/docker.go `tryPluginRun` and cli-plugins/socket/socket.go: with
/// docker's stdout not a terminal, docker does not signal the plugin but closes
/// DOCKER_CLI_PLUGIN_SOCKET; the plugin must take EOF as "terminate now". Nothing may be written
/// after the interrupt.
@Suite(.serialized)
struct InterruptTests {
    let home: TestHome
    let environment: [String: String]
    let settingsPath: String

    init() async throws {
        home = try await TestHome.installed()
        environment = home.dockerEnvironment
        settingsPath = home.path + "/.config/harbor/settings.json"
        try home.write("{\n  \"project\" : \"before\"\n}\n", to: ".config/harbor/settings.json")
    }

    /// Waits until the plugin (`running` itself, or docker's child) is blocked in flock(2) on the
    /// lock this test holds, as /proc shows it: the state the interrupt is about, polled for
    /// rather than guessed from how long start-up usually takes.
    func waitForBlockedChild(of running: ProcessRunner.Running, within timeout: Duration = .seconds(30)) async {
        #if canImport(Glibc)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard running.process.isRunning else {
                Issue.record("the command ended instead of waiting for the lock: \(await running.wait())")
                return
            }
            if Self.processTree(of: running.pid).contains(where: Self.isBlockedInFlock) { return }
            try? await Task.sleep(for: .seconds(0.02))
        }
        Issue.record("no process of the command was blocked in flock(2) within \(timeout)")
        #else
        Issue.record("reading a process's system call needs Linux's /proc")
        #endif
    }

    #if canImport(Glibc)
    /// `root` and every process below it, from the parent ids in /proc/PID/stat.
    static func processTree(of root: pid_t) -> [pid_t] {
        var parents: [pid_t: pid_t] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = pid_t(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let end = stat.lastIndex(of: ")") else { continue }
            // "PID (COMM) STATE PPID …": COMM may hold spaces and parentheses.
            let fields = stat[stat.index(after: end)...].split(separator: " ")
            if fields.count > 1, let parent = pid_t(fields[1]) { parents[pid] = parent }
        }
        var tree = [root]
        var index = 0
        while index < tree.count {
            let parent = tree[index]
            tree += parents.filter { $0.value == parent }.map(\.key)
            index += 1
        }
        return tree
    }

    /// Whether a thread of `pid` is in flock(2): /proc/PID/task/TID/syscall starts with its number.
    static func isBlockedInFlock(_ pid: pid_t) -> Bool {
        #if arch(x86_64)
        let flock = "73"
        #elseif arch(arm64)
        let flock = "32"
        #endif
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.contains { task in
            let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/syscall", encoding: .utf8)) ?? ""
            return text.split(separator: " ").first == Substring(flock)
        }
    }
    #endif

    @Test func dockerClosingThePluginSocketEndsThePlugin() async throws {
        let lock = try FileLock(guarding: settingsPath)
        let running = try ProcessRunner.start("docker", ["harbor", "config", "set", "project", "after"], environment: environment)
        await waitForBlockedChild(of: running)
        kill(running.pid, SIGINT)  // to docker only, as when it runs in a pipeline
        let result = await running.wait()
        withExtendedLifetime(lock) {}
        #expect(result.status == 130, "\(result)")
        #expect(try home.read(".config/harbor/settings.json").contains("\"before\""))
    }

    @Test func sigtermEndsAStandalonePlugin() async throws {
        let lock = try FileLock(guarding: settingsPath)
        let running = try ProcessRunner.start(home.dockerConfig + "/cli-plugins/docker-harbor", ["config", "set", "project", "after"], environment: environment)
        await waitForBlockedChild(of: running)
        kill(running.pid, SIGTERM)
        let result = await running.wait()
        withExtendedLifetime(lock) {}
        #expect(result.status == 143, "\(result)")
        #expect(try home.read(".config/harbor/settings.json").contains("\"before\""))
    }

    @Test func withoutInterruptTheWaitingWriteCompletes() async throws {
        var lock: FileLock? = try FileLock(guarding: settingsPath)
        let running = try ProcessRunner.start("docker", ["harbor", "config", "set", "project", "after"], environment: environment)
        await waitForBlockedChild(of: running)
        lock = nil
        _ = lock
        let result = await running.wait()
        #expect(result.status == 0, "\(result)")
        #expect(try home.read(".config/harbor/settings.json").contains("\"after\""))
    }
}
