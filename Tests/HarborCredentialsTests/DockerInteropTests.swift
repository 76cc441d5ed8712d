import Foundation
import HarborCore
import HarborTestSupport
import Testing

import HarborCredentials

/// Files we write are read by the real docker client (28.2.2; `docker logout` needs no engine).
/// docker/cli v28.2.2: cli/config/configfile/file.go (format, how docker rewrites),
/// cli/command/registry/logout.go (logout).
@Suite struct DockerInteropTests {
    func docker(_ arguments: [String], configDirectory: String) async throws -> CompletedProcess {
        let docker = try requireTool("docker", package: "docker-ce-cli (the docker 28 client)")
        // An empty PATH for docker's helper lookup would change nothing here: every file below has `auths`,
        // so docker uses the file store (docker/cli v28.2.2, cli/config/config.go
        // `LoadDefaultConfigFile`).
        let environment = [
            "DOCKER_CONFIG": configDirectory, "HOME": configDirectory,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        ]
        return try await ProcessRunner.run(docker, arguments, environment: environment)
    }

    @Test func dockerDecodesWhatWeStoredAndLogsOutOfIt() async throws {
        let dir = TemporaryDirectory()
        let path = dir.write(#"{"auths": {"b.example.com:5000": {"auth": "\#(base64("bob:pw"))"}}, "unknownTopLevel": true}"#, to: "config.json")
        let file = DockerConfigFile(path: path)
        try file.storeInFile(host: "harbor.example.com", username: "alice", secret: "s3cr3t:with:colons")

        // docker loads the whole file (a bad auth would print "WARNING: Error parsing config file"),
        // then rewrites it from what it decoded: our entry comes back re-encoded identically.
        let first = try await docker(["logout", "b.example.com:5000"], configDirectory: dir.path)
        #expect(first.status == 0)
        #expect(first.stdout == "Removing login credentials for b.example.com:5000\n")
        #expect(!first.stderr.contains("WARNING"), "\(first.stderr)")
        #expect(
            dir.read("config.json") == """
                {
                \t"auths": {
                \t\t"harbor.example.com": {
                \t\t\t"auth": "\(base64("alice:s3cr3t:with:colons"))"
                \t\t}
                \t}
                }
                """)

        let second = try await docker(["logout", "harbor.example.com"], configDirectory: dir.path)
        #expect(second.status == 0)
        #expect(try file.load().authKeys.isEmpty)
    }

    @Test func ourOutputIsByteForByteWhatDockerWrites() async throws {
        // Same content, once written by us into a new file, once rewritten by docker.
        let ours = TemporaryDirectory()
        let oursFile = DockerConfigFile(path: ours.path + "/config.json")
        try oursFile.storeInFile(host: "a.example.com", username: "alice", secret: "x")
        try oursFile.storeInFile(host: "z.example.com:8443", username: "zed", secret: "<y&>")
        try oursFile.storePlaceholder(host: "zz.example.com")

        let theirs = TemporaryDirectory()
        let theirsFile = DockerConfigFile(path: theirs.path + "/config.json")
        try theirsFile.storeInFile(host: "0-removed-by-docker", username: "d", secret: "d")
        try theirsFile.storeInFile(host: "a.example.com", username: "alice", secret: "x")
        try theirsFile.storeInFile(host: "z.example.com:8443", username: "zed", secret: "<y&>")
        try theirsFile.storePlaceholder(host: "zz.example.com")
        let result = try await docker(["logout", "0-removed-by-docker"], configDirectory: theirs.path)
        #expect(result.status == 0)

        #expect(ours.read("config.json") == theirs.read("config.json"))
    }

    @Test func weEditWhatDockerWrote() async throws {
        let dir = TemporaryDirectory()
        let file = DockerConfigFile(path: dir.path + "/config.json")
        try file.storeInFile(host: "gone", username: "g", secret: "g")
        try file.storeInFile(host: "kept.example.com", username: "k", secret: "k")
        _ = try await docker(["logout", "gone"], configDirectory: dir.path)
        let dockerText = dir.read("config.json")
        try file.storeInFile(host: "new.example.com", username: "n", secret: "n")
        try file.eraseFromFile(host: "new.example.com")
        #expect(dir.read("config.json") == dockerText)
    }
}
