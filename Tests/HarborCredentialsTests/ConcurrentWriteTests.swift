import Foundation
import HarborCore
import HarborTestSupport
import Testing

import HarborCredentials

/// Read-modify-write cycles of several processes must not lose each other's entries
/// (docker itself has no lock: two `docker login`s at once can lose one; we flock the file's directory).
@Suite struct ConcurrentWriteTests {
    @Test func twentyProcessesStoringAtOnceAllLand() async throws {
        let dir = TemporaryDirectory()
        let config = dir.write(#"{"auths": {}, "keep": "me"}"#, to: "config.json")
        let worker = try BuiltProducts.directory() + "/harbor-store-worker"
        let hosts = (1...20).map { "host\($0).example.com" }
        let workers = try hosts.map { host in try ProcessRunner.start(worker, [config, host], environment: dir.environment.variables) }
        for running in workers {
            let result = await running.wait()
            #expect(result.status == 0, "\(result)")
        }

        let contents = try DockerConfigFile(path: config).load()
        #expect(Set(contents.authKeys) == Set(hosts), "lost: \(Set(hosts).subtracting(contents.authKeys).sorted())")
        for host in hosts {
            #expect(try contents.fileCredential(for: host)?.secret == "secret-" + host)
        }
        #expect(contents.document.node(at: ["keep"])?.stringValue == "me")
    }

    @Test func twentyThreadsStoringAtOnceAllLand() async throws {
        // Each task opens its own lock descriptor, so flock serializes them like separate processes.
        let dir = TemporaryDirectory()
        let config = dir.path + "/config.json"
        let hosts = (1...20).map { "thread\($0).example.com:5000" }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for host in hosts {
                group.addTask { try DockerConfigFile(path: config).storeInFile(host: host, username: "u", secret: host) }
            }
            try await group.waitForAll()
        }
        let contents = try DockerConfigFile(path: config).load()
        #expect(Set(contents.authKeys) == Set(hosts))
    }

    @Test func aWriterWaitsForAnotherProcessHoldingTheLock() async throws {
        // flock(1) stands for another process in the middle of its own read-modify-write:
        // it holds the lock on the file's directory, then rewrites the file. Our store must wait
        // and then keep its entry.
        let flock = try requireTool("flock", package: "util-linux")
        let dir = TemporaryDirectory()
        let config = dir.write(#"{"auths": {}}"#, to: "docker/config.json")
        let holding = dir.path + "/holding"
        // flock(1) keeps the lock until a thread of this process is blocked in flock(2) (its
        // number first in /proc/PID/task/TID/syscall), so our store is seen to wait, then
        // rewrites the file (giving up the wait after 30 s; the result below is checked anyway).
        #if arch(arm64)
        let flockCall = 32
        #else
        let flockCall = 73
        #endif
        let blocked = "grep -qs '^\(flockCall) ' /proc/\(getpid())/task/*/syscall"
        let script = "touch \(holding); i=0; until \(blocked) || [ $i -ge 3000 ]; do sleep 0.01; i=$((i + 1)); done; "
            + "printf '%s' '{\"auths\": {\"from-other-process\": {}}}' > \(config)"
        let other = try ProcessRunner.start(flock, [dir.path + "/docker", "-c", script], environment: dir.environment.variables)
        // Wait until flock(1) holds the lock.
        var waited = 0
        while !FileManager.default.fileExists(atPath: holding), waited < 500 {
            usleep(10_000)
            waited += 1
        }
        try DockerConfigFile(path: config).storeInFile(host: "ours", username: "u", secret: "p")
        let held = await other.wait()
        #expect(held.status == 0, "\(held)")
        let keys = try DockerConfigFile(path: config).load().authKeys
        #expect(keys == ["from-other-process", "ours"])
        // Nothing but the file in docker's directory.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path + "/docker") == ["config.json"])
    }
}
