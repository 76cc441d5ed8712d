import Foundation
import HarborTestSupport
import Testing

import HarborCommands

/// Which words of `docker run|pull … ` are image references, with the value flags read from the
/// real docker client's own help (docker 28.2.2 at /usr/local/bin/docker).
struct DockerFlagSpecTests {
    func help(_ command: String) async throws -> String {
        let result = try await ProcessRunner.run("docker", [command, "--help"])
        try #require(result.status == 0, "\(result)")
        return result.stdout
    }

    @Test func runsValueFlagsComeFromDockersHelp() async throws {
        let spec = DockerFlagSpec.parse(help: try await help("run"))
        for flag in ["-e", "--env", "-p", "--publish", "--name", "-v", "--platform", "-u", "-w"] {
            #expect(spec.valueFlags.contains(flag), "\(flag)")
        }
        for flag in ["-d", "-i", "-t", "--rm", "--privileged", "-P"] {
            #expect(!spec.valueFlags.contains(flag), "\(flag)")
        }
        let arguments = ["-it", "--rm", "-e", "A=1", "-p8080:80", "--name", "x", "-v", "/a:/b", "app:1", "sh", "-c", "ls -e"]
        #expect(spec.positionalIndices(arguments, stopAfter: 1) == [9])
        #expect(spec.positionalIndices(["--env=A=1", "-dw", "/tmp", "pkey/app"], stopAfter: 1) == [3])
    }

    @Test func pullAndTag() async throws {
        let pull = DockerFlagSpec.parse(help: try await help("pull"))
        #expect(pull.valueFlags == ["--platform"])
        #expect(pull.positionalIndices(["--platform", "linux/arm64", "-q", "app:1"], stopAfter: 1) == [3])
        let tag = DockerFlagSpec.parse(help: try await help("tag"))
        #expect(tag.positionalIndices(["app:1", "app:2"], stopAfter: 2) == [0, 1])
    }

    @Test func globalFlagsBeforeHarborAreKeptAsTyped() throws {
        let invocation = try DockerInvocation.parse(["--config", "/x", "-H", "unix:///s", "--tlsverify", "-D", "--context=c", "harbor", "pull", "app:1"])
        #expect(invocation.globalArguments == ["--config", "/x", "-H", "unix:///s", "--tlsverify", "-D", "--context=c"])
        #expect(invocation.mode == .run(["pull", "app:1"]))
    }
}
