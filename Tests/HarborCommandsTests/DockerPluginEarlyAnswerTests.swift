import DockerPluginEarlyAnswer
import Foundation
import HarborCommands
import HarborTestSupport
import Testing

/// docker-harbor answers `docker-cli-plugin-metadata` from a C constructor, before the Swift
/// runtime starts (Sources/DockerPluginEarlyAnswer): that answer is the Swift one, and only the
/// Docker plugin gives it.
struct DockerPluginEarlyAnswerTests {
    @Test func theEarlyAnswerIsTheSwiftAnswer() {
        #expect(String(cString: docker_plugin_early_answer_json()) == DockerPluginMetadata.json)
    }

    @Test func theBuiltPluginPrintsExactlyTheMetadata() async throws {
        let result = try await ProcessRunner.run(try BuiltProducts.directory() + "/docker-harbor", ["docker-cli-plugin-metadata"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == DockerPluginMetadata.json, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
    }

    /// The same binary started as helm-harbor or docker-credential-harbor (install.sh's links) is
    /// another program, for which `docker-cli-plugin-metadata` is no request of docker's.
    @Test(arguments: ["helm-harbor", "docker-credential-harbor"])
    func anotherNameGetsNoMetadata(name: String) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("early-answer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let link = directory.appendingPathComponent(name).path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: try BuiltProducts.directory() + "/docker-harbor")
        let result = try await ProcessRunner.run(link, ["docker-cli-plugin-metadata"], stdin: "")
        #expect(!result.stdout.contains("SchemaVersion"), "\(result)")
        #expect(result.status != 0, "\(result)")
    }
}
