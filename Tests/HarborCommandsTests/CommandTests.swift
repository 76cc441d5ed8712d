import Foundation
import HarborCommands
import HarborCommandsTestSupport
import HarborCore
import Testing

/// The commands run in-process with the real argument parser, a temporary settings directory
/// and captured output.
struct CommandTests {
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    let configDirectory: String

    init() throws {
        configDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("harbor-cmd-\(UUID().uuidString)").path
    }

    func environment(_ extra: [String: String] = [:]) -> ProcessEnvironment {
        ProcessEnvironment(variables: ["HARBOR_CONFIG_DIR": configDirectory].merging(extra) { $1 }, homeDirectory: "/nonexistent")
    }

    func docker(_ arguments: [String], _ extra: [String: String] = [:]) async -> Run {
        let captured = CapturedOutput()
        let status = await DockerPluginMain.run(arguments: arguments, environment: environment(extra), output: captured.output)
        return Run(status: status, stdout: captured.stdout, stderr: captured.stderr)
    }

    func helm(_ arguments: [String], _ extra: [String: String] = [:]) async -> Run {
        let captured = CapturedOutput()
        let status = await HelmPluginMain.run(arguments: arguments, environment: environment(extra), output: captured.output)
        return Run(status: status, stdout: captured.stdout, stderr: captured.stderr)
    }

    @Test func metadataIsOneJSONDocumentDockerAccepts() async throws {
        let run = await docker(["docker-cli-plugin-metadata"])
        #expect(run.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: String]
        #expect(object?["SchemaVersion"] == "0.1.0")
        #expect(object?["Vendor"]?.isEmpty == false)
        #expect(object?["Version"] == HarborVersion.current)
        #expect(run.stdout.hasSuffix("}\n"))
    }

    @Test func parseShowsEveryPart() async throws {
        let digest = "sha256:" + String(repeating: "0", count: 64)
        let run = await docker(["harbor", "parse", "--format", "json", "registry-acme.devops.t-systems.net/pkey/team/app:1.0@\(digest)"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        #expect(object?["customer"] as? String == "acme")
        #expect(object?["host"] as? String == "registry-acme.devops.t-systems.net")
        #expect(object?["project"] as? String == "pkey")
        #expect(object?["repository"] as? String == "team/app")
        #expect(object?["path"] as? String == "pkey/team/app")
        #expect(object?["tag"] as? String == "1.0")
        #expect(object?["digest"] as? String == digest)
        #expect(object?["canonical"] as? String == "registry-acme.devops.t-systems.net/pkey/team/app:1.0@\(digest)")
    }

    @Test func parseErrorPointsAtTheCharacter() async {
        let run = await docker(["parse", "pkey/my$app"], ["HARBOR_INSTANCE": "acme"])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == """
            Error: invalid reference "pkey/my$app": '$' at position 8 is not allowed in a repository name
              pkey/my$app
                     ^
              repository names use lower-case letters and digits, separated by '.', '_', '__' or dashes, with '/' between components

            """)
    }

    @Test func shortFormsNeedAnInstance() async {
        let run = await docker(["parse", "app:1"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("no Harbor instance is named and none is configured"))
        #expect(run.stderr.contains("docker harbor use CUSTOMER PKEY"))
        let helmRun = await helm(["parse", "app:1"])
        #expect(helmRun.stderr.contains("helm harbor use CUSTOMER PKEY"))
    }

    @Test func useThenShortReferences() async {
        let use = await docker(["use", "acme", "pkey"])
        #expect(use.status == 0, "\(use.stderr)")
        let parse = await docker(["parse", "app:1"])
        #expect(parse.stdout.contains("Reference   registry-acme.devops.t-systems.net/pkey/app:1"))
        // Switching instance without a project drops the old project and says so.
        let switched = await docker(["use", "other"])
        #expect(switched.stdout.contains("Default project 'pkey' was cleared"))
        let get = await docker(["config", "get", "project"])
        #expect(get.status == 1)
        #expect(get.stderr.contains("'project' is not set"))
    }

    @Test func useRejectsBadInput() async {
        let badProject = await docker(["use", "acme", "PKEY"])
        #expect(badProject.status == 125)
        #expect(badProject.stderr.contains("'P' at position 1 is not allowed in project key 'PKEY'"))
        let badCustomer = await docker(["use", "ac_me"])
        #expect(badCustomer.status == 125, "a bad instance name is a usage mistake in use as in login")
        #expect(badCustomer.stderr.contains("'_' at position 3 is not allowed in customer name 'ac_me'"))
        #expect(!FileManager.default.fileExists(atPath: configDirectory + "/settings.json"), "nothing written")
    }

    @Test func configSetGetUnsetList() async {
        #expect(await docker(["config", "set", "host-template", "harbor-{customer}.example.com"]).status == 0)
        #expect(await docker(["config", "set", "instances.lab", "harbor.lab.example.com:8443"]).status == 0)
        #expect(await docker(["config", "get", "host-template"]).stdout == "harbor-{customer}.example.com\n")
        #expect(await docker(["use", "lab", "pkey"]).stdout.contains("harbor.lab.example.com:8443"))
        let list = await docker(["config", "list"])
        #expect(list.stdout.contains("instance        lab  [\(configDirectory)/settings.json]"), "\(list.stdout)")
        #expect(list.stdout.contains("instances.lab   harbor.lab.example.com:8443"))
        let overridden = await docker(["config", "list"], ["HARBOR_PROJECT": "envproj"])
        #expect(overridden.stdout.contains("project         envproj  [env HARBOR_PROJECT]"))
        #expect(await docker(["config", "unset", "host-template"]).status == 0)
        #expect(await docker(["config", "get", "host-template"]).stdout == "registry-{customer}.devops.t-systems.net\n")
    }

    @Test(arguments: [
        (["config", "set", "colour", "blue"], "unknown setting 'colour'"),
        (["config", "set", "host-template", "registry.example.com"], "must contain {customer} exactly once"),
        (["config", "set", "project", "a__b"], "two separators in a row"),
        (["config", "set", "instances.lab", "not a host"], "'not a host' is not a registry host"),
        (["config", "set", "robot-prefixes", ","], "robot-prefixes needs at least one prefix"),
    ])
    func configRejectsBadValues(_ arguments: [String], _ message: String) async {
        let run = await docker(arguments)
        #expect(run.status == 125)
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: configDirectory + "/settings.json"))
    }

    @Test func malformedSettingsAreReportedAndKept() async throws {
        try FileManager.default.createDirectory(atPath: configDirectory, withIntermediateDirectories: true)
        let path = configDirectory + "/settings.json"
        try Data("{\"project\": ".utf8).write(to: URL(fileURLWithPath: path))
        let run = await docker(["use", "acme", "pkey"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("cannot read settings file \(path): not valid JSON"), "\(run.stderr)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{\"project\": ")
    }

    @Test func helpAndUsageErrors() async {
        let help = await docker(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.hasPrefix("Usage:  docker harbor COMMAND\n"))
        let helmHelp = await helm(["--help"])
        #expect(helmHelp.stdout.contains("Usage:\n  helm harbor [command]\n"))
        let missing = await docker(["parse"])
        #expect(missing.status == 125)
        #expect(missing.stderr.contains("Missing expected argument '<reference>'"))
        let helmMissing = await helm(["parse"])
        #expect(helmMissing.status == 1)
        let badGlobal = await docker(["--unknown", "harbor"])
        #expect(badGlobal.status == 125)
        #expect(badGlobal.stderr == "unknown flag: --unknown\nSee 'docker --help'.\n")
    }

    @Test func hooksSayNothing() async {
        let run = await docker(["harbor", "docker-cli-plugin-hooks", "{}"])
        #expect(run.status == 0)
        #expect(run.stdout.isEmpty)
    }

    @Test func completionFormat() async throws {
        let run = await docker(["__complete", "harbor", "config", "set", ""])
        #expect(run.stdout.hasPrefix("instance\tdefault Harbor instance"))
        #expect(run.stdout.hasSuffix(":4\n"))
        #expect(run.stderr.isEmpty)
        let noDescriptions = await docker(["__complete", "harbor", "v"], ["COBRA_COMPLETION_DESCRIPTIONS": "false"])
        #expect(noDescriptions.stdout == "version\n:4\n")
        let legacy = await docker(["__completeNoDesc", "config", "g"])
        #expect(legacy.stdout == "get\n:4\n")
        let valueOfFlag = await docker(["__complete", "harbor", "parse", "--format", ""])
        #expect(valueOfFlag.stdout == "text\njson\n:4\n")
        #expect(await docker(["__complete", "harbor", "config", "set", "project", ""]).stdout == ":4\n")
        // Configured instance names complete `use`.
        _ = await docker(["config", "set", "instances.lab", "harbor.lab.example.com"])
        #expect(await docker(["__complete", "harbor", "use", "l"]).stdout == "lab\tharbor.lab.example.com\n:4\n")
        let helmRun = await helm(["__complete", "config", "get", "inst"])
        #expect(helmRun.stdout == "instance\tdefault Harbor instance: a customer name, a configured instance name or HOST[:PORT]\ninstances.lab\tharbor.lab.example.com\n:4\n")
    }
}
