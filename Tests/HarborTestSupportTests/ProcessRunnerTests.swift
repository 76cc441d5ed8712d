import HarborTestSupport
import Testing

/// The one way tests run programs: status, both streams, stdin, a clean environment, a time limit.
struct ProcessRunnerTests {
    @Test func collectsStatusAndBothStreams() throws {
        let result = try ProcessRunner.run("/bin/sh", ["-c", "printf out; printf err >&2; exit 3"], environment: [:])
        #expect(result.status == 3)
        #expect(result.stdout == "out")
        #expect(result.stderr == "err")
    }

    @Test func feedsStdinAndUsesExactlyTheGivenEnvironment() throws {
        let result = try ProcessRunner.run("/bin/sh", ["-c", #"cat; printf '|%s|%s' "$ONLY" "${HOME-unset}""#], environment: ["ONLY": "this"], stdin: "in\n")
        #expect(result.stdout == "in\n|this|unset", "\(result)")
    }

    @Test func findsNamesOnTheGivenPath() throws {
        #expect(try ProcessRunner.run("true", [], environment: ["PATH": "/usr/bin:/bin"]).status == 0)
        #expect(throws: MissingToolError.self) { try ProcessRunner.run("true", [], environment: ["PATH": "/nonexistent"]) }
    }

    @Test func aDaemonLeftBehindDoesNotKeepTheTestWaiting() throws {
        // The background sleep keeps stdout and stderr open after the shell exits.
        let started = ContinuousClock.now
        let result = try ProcessRunner.run("/bin/sh", ["-c", "sleep 5 & echo started"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(result.stdout == "started\n")
        #expect(ContinuousClock.now - started < .seconds(4))
    }

    @Test func aProgramPastItsTimeLimitIsKilledAndSaysSo() throws {
        let result = try ProcessRunner.run("/bin/sh", ["-c", "exec sleep 30"], environment: ["PATH": "/usr/bin:/bin"], timeout: .milliseconds(200))
        #expect(result.status == 137)
        #expect(result.stderr.contains("killed after"))
    }
}
