import Foundation
import HarborCommandsTestSupport
import HarborCore
import Testing

import HarborCommands

/// `docker harbor hooks enable|disable` edits exactly two string values in docker's config.json.
struct HooksCommandTests {
    @Test func enableAndDisableTouchOnlyTheirKeys() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("harbor-hooks-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let original = """
            {
            \t"auths": {"other.example.com": {"auth": "b3RoZXI6c2VjcmV0"}},
            \t"unknownTopLevel": {"keep": [1, 2.50, "x"]},
            \t"plugins": {"harbor": {"hooks": "image ls"}, "other": {"x": "y"}}
            }

            """
        let path = directory + "/config.json"
        try Data(original.utf8).write(to: URL(fileURLWithPath: path))
        let environment = ProcessEnvironment(variables: ["HARBOR_CONFIG_DIR": directory, "DOCKER_CONFIG": directory], homeDirectory: directory)
        func docker(_ arguments: [String]) async -> (Int32, String) {
            let captured = CapturedOutput()
            let status = await DockerPluginMain.run(arguments: arguments, environment: environment, output: captured.output)
            return (status, captured.stdout + captured.stderr)
        }

        let (enabled, enableText) = await docker(["harbor", "hooks", "enable"])
        #expect(enabled == 0, "\(enableText)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect((object["features"] as? [String: Any])?["hooks"] as? String == "true")
        #expect(((object["plugins"] as? [String: Any])?["harbor"] as? [String: Any])?["hooks"] as? String == "image ls,login,pull,push")
        #expect(text.contains(#""unknownTopLevel": {"keep": [1, 2.50, "x"]}"#), "other keys byte for byte")
        #expect(text.contains(#""auths": {"other.example.com": {"auth": "b3RoZXI6c2VjcmV0"}}"#))
        #expect(text.contains(#""other": {"x": "y"}"#))

        let (again, _) = await docker(["harbor", "hooks", "enable"])
        #expect(again == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text, "enabling twice changes nothing")

        let (disabled, _) = await docker(["harbor", "hooks", "disable"])
        #expect(disabled == 0)
        let after = try #require(try JSONSerialization.jsonObject(with: Data(String(contentsOfFile: path, encoding: .utf8).utf8)) as? [String: Any])
        #expect(((after["plugins"] as? [String: Any])?["harbor"] as? [String: Any])?["hooks"] == nil)
        #expect((after["features"] as? [String: Any])?["hooks"] as? String == "true", "left for other plugins")
    }

    @Test func aConfigOfTheWrongShapeIsReportedAndKept() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("harbor-hooks-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/config.json"
        let original = #"{"plugins": ["not", "an", "object"]}"# + "\n"
        try Data(original.utf8).write(to: URL(fileURLWithPath: path))
        let captured = CapturedOutput()
        let environment = ProcessEnvironment(variables: ["HARBOR_CONFIG_DIR": directory, "DOCKER_CONFIG": directory], homeDirectory: directory)
        let status = await DockerPluginMain.run(arguments: ["harbor", "hooks", "enable"], environment: environment, output: captured.output)
        #expect(status == 1)
        #expect(captured.stderr.contains("\"plugins\""), "\(captured.stderr)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == original)
    }
}
