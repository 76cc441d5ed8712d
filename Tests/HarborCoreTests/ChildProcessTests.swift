import Foundation
import HarborCore
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The child starts clean whatever the parent's signal state and open descriptors are.
@Suite(.serialized) struct ChildProcessTests {
    static let environment = ["PATH": "/usr/bin:/bin"]

    @Test func aChildOfAParentThatIgnoresAndBlocksSIGTERMStopsOnSIGTERM() async throws {
        // As in a program that handles signals on a dedicated thread: SIGTERM ignored, and blocked
        // on the starting thread. Foundation's Process passes both on; the helper then outlives SIGTERM.
        let previous = signal(SIGTERM, SIG_IGN)
        defer { signal(SIGTERM, previous) }
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGTERM)
        var old = sigset_t()
        pthread_sigmask(SIG_BLOCK, &blocked, &old)
        let child = try ChildProcess(executable: "/bin/sleep", arguments: ["300"], environment: Self.environment)
        pthread_sigmask(SIG_SETMASK, &old, nil)

        #expect(child.poll() == nil, "still running")
        #expect(await child.terminate(grace: .seconds(10)) == .signalled(SIGTERM), "SIGTERM, not the SIGKILL after the grace period")
    }

    @Test func onlyStdinStdoutAndStderrAreInherited() throws {
        // A descriptor of ours without close-on-exec, at a number the child would not open itself.
        let fd = open("/dev/null", O_RDONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        // F_DUPFD takes the lowest free number from 200 on: dup2 onto a fixed number would
        // close whatever this test process has there (SwiftNIO's sockets, in a full run).
        let high = fcntl(fd, F_DUPFD, 200)
        try #require(high >= 200)
        defer { close(high) }
        let child = try ChildProcess(
            executable: "/bin/sh", arguments: ["-c", "if [ -e /dev/fd/\(high) ]; then echo inherited; else echo closed; fi"],
            environment: Self.environment, stdout: .pipe)
        let output = String(decoding: child.stdoutReader!.readDataToEndOfFile(), as: UTF8.self)
        #expect(child.waitUntilExit() == .exited(0))
        #expect(output == "closed\n")
    }

    @Test func exitStatusWorkingDirectoryAndEnvironment() throws {
        let directory = FileManager.default.temporaryDirectory.path
        let child = try ChildProcess(
            executable: "/bin/sh", arguments: ["-c", "pwd; echo \"$ONLY\"; echo oops >&2; exit 3"],
            environment: ["ONLY": "this", "PATH": "/usr/bin:/bin"], directory: directory, stdout: .pipe, stderr: .pipe)
        let stdout = String(decoding: child.stdoutReader!.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: child.stderrReader!.readDataToEndOfFile(), as: UTF8.self)
        #expect(child.waitUntilExit() == .exited(3))
        let resolved = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        #expect(stdout == "\(resolved)\nthis\n" || stdout == "\(directory)\nthis\n", "\(stdout)")
        #expect(stderr == "oops\n")
    }

    @Test func aMissingProgramIsAClearError() {
        #expect {
            _ = try ChildProcess(executable: "/nonexistent/tool", arguments: [], environment: Self.environment)
        } throws: { error in
            "\(error)" == "cannot start /nonexistent/tool: No such file or directory"
        }
    }
}
