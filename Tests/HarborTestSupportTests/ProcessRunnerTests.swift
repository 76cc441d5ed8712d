import Foundation
import HarborTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing

/// The one way tests run programs: status, both streams, stdin, a clean environment, a time limit.
struct ProcessRunnerTests {
    @Test func collectsStatusAndBothStreams() async throws {
        let result = try await ProcessRunner.run("/bin/sh", ["-c", "printf out; printf err >&2; exit 3"], environment: [:])
        #expect(result.status == 3)
        #expect(result.stdout == "out")
        #expect(result.stderr == "err")
    }

    @Test func feedsStdinAndUsesExactlyTheGivenEnvironment() async throws {
        let result = try await ProcessRunner.run("/bin/sh", ["-c", #"cat; printf '|%s|%s' "$ONLY" "${HOME-unset}""#], environment: ["ONLY": "this"], stdin: "in\n")
        #expect(result.stdout == "in\n|this|unset", "\(result)")
    }

    @Test func findsNamesOnTheGivenPath() async throws {
        #expect(try await ProcessRunner.run("true", [], environment: ["PATH": "/usr/bin:/bin"]).status == 0)
        await #expect(throws: MissingToolError.self) { try await ProcessRunner.run("true", [], environment: ["PATH": "/nonexistent"]) }
    }

    @Test func aDaemonLeftBehindDoesNotKeepTheTestWaiting() async throws {
        // The background sleep keeps stdout and stderr open after the shell exits; the run ends
        // with the shell, not two minutes later with the sleep (a wide margin: no timing is
        // measured here, only that the run did not wait for the daemon).
        let started = ContinuousClock.now
        let result = try await ProcessRunner.run("/bin/sh", ["-c", "sleep 120 & echo $!"], environment: ["PATH": "/usr/bin:/bin"])
        let daemon = try #require(pid_t(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(result)")
        defer { kill(daemon, SIGKILL) }
        #expect(kill(daemon, 0) == 0, "the daemon is still running when the run has ended")
        #expect(ContinuousClock.now - started < .seconds(100))
    }

    @Test func aProgramPastItsTimeLimitIsKilledAndSaysSo() async throws {
        // Far longer than the limit, so that a busy machine that checks late still finds it running.
        let result = try await ProcessRunner.run("/bin/sh", ["-c", "exec sleep 600"], environment: ["PATH": "/usr/bin:/bin"], timeout: .milliseconds(200))
        #expect(result.status == 137)
        #expect(result.stderr.contains("killed after"))
    }
}
