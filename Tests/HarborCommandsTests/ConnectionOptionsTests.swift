import HarborCommandsTestSupport
import Foundation
import HarborCore
import Testing

import HarborCommands

/// `--timeout`, `--instance`/INSTANCE and `HARBOR_TIMEOUT` are checked once, the same way in
/// every command: a bad value is a usage mistake (docker's 125, helm's 1) with one message.
struct ConnectionOptionsTests {
    let configDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("harbor-options-\(UUID().uuidString)").path

    func run(_ flavor: PluginFlavor, _ arguments: [String], _ extra: [String: String] = [:]) async -> (status: Int32, stderr: String) {
        let environment = ProcessEnvironment(variables: ["HARBOR_CONFIG_DIR": configDirectory].merging(extra) { $1 }, homeDirectory: "/nonexistent")
        let captured = CapturedOutput()
        let status = switch flavor {
        case .docker: await DockerPluginMain.run(arguments: ["harbor"] + arguments, environment: environment, output: captured.output, network: .unconfigured)
        case .helm: await HelmPluginMain.run(arguments: arguments, environment: environment, output: captured.output, network: .unconfigured)
        }
        return (status, captured.stderr)
    }

    static let commands: [(PluginFlavor, [String])] = [
        (.docker, ["login", "h.example.com"]), (.docker, ["logout", "h.example.com"]), (.docker, ["status", "h.example.com"]),
        (.docker, ["projects"]), (.docker, ["repos"]), (.docker, ["tags", "pkey/app"]),
        (.helm, ["login", "h.example.com"]), (.helm, ["status", "h.example.com"]), (.helm, ["projects"]), (.helm, ["charts"]),
        (.helm, ["push", "chart-0.1.0.tgz", "h.example.com/pkey"]),
    ]

    @Test(arguments: commands, ["0", "-1", "soon", "1.5"])
    func aBadTimeoutIsTheSameUsageMistakeEverywhere(command: (PluginFlavor, [String]), value: String) async {
        let (flavor, arguments) = command
        let result = await run(flavor, arguments + ["--timeout=\(value)"])
        #expect(result.status == flavor.usageExitCode, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains("The value '\(value)' is invalid for '--timeout <seconds>': expected a whole number of seconds, at least 1"), "\(arguments): \(result.stderr)")
    }

    @Test(arguments: ["0", "soon"])
    func harborTimeoutFollowsTheSameRule(value: String) throws {
        let context = CommandContext(flavor: .docker, environment: ProcessEnvironment(variables: ["HARBOR_TIMEOUT": value], homeDirectory: "/nonexistent"))
        #expect(throws: CommandFailure.self) { try CommandTimeout.seconds(flag: nil, context: context) }
        do {
            _ = try CommandTimeout.seconds(flag: nil, context: context)
        } catch let failure as CommandFailure {
            #expect(failure.message == "the value '\(value)' is invalid for HARBOR_TIMEOUT: expected a whole number of seconds, at least 1")
            #expect(failure.exitStatus == .usage)
        }
    }

    @Test func theTimeoutComesFromTheFlagElseTheVariableElseThirtySeconds() throws {
        let environment = { (variables: [String: String]) in ProcessEnvironment(variables: variables, homeDirectory: "/nonexistent") }
        #expect(try CommandTimeout.seconds(flag: 4, context: CommandContext(flavor: .helm, environment: environment(["HARBOR_TIMEOUT": "9"]))) == 4)
        #expect(try CommandTimeout.seconds(flag: nil, context: CommandContext(flavor: .helm, environment: environment(["HARBOR_TIMEOUT": " 9 "]))) == 9)
        #expect(try CommandTimeout.seconds(flag: nil, context: CommandContext(flavor: .helm, environment: environment([:]))) == 30)
    }

    @Test(arguments: [
        (PluginFlavor.docker, ["login", "ac_me"]), (.docker, ["status", "ac_me"]), (.docker, ["projects", "--instance", "ac_me"]),
        (.docker, ["use", "ac_me"]), (.helm, ["use", "ac_me"]), (.helm, ["charts", "--instance", "ac_me"]),
    ])
    func aBadInstanceNameIsTheSameUsageMistakeEverywhere(flavor: PluginFlavor, arguments: [String]) async {
        let result = await run(flavor, arguments)
        #expect(result.status == flavor.usageExitCode, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains("'_' at position 3 is not allowed in customer name 'ac_me'"), "\(arguments): \(result.stderr)")
    }

    /// One help text for the instance and connection options, in every command of both trees.
    @Test func theSharedOptionsReadTheSameInEveryCommand() throws {
        var texts: [String: Set<String>] = [:]
        func collect(_ command: CommandHelpModel) {
            for argument in command.arguments ?? [] {
                let name = argument.longName ?? argument.valueName ?? ""
                if ["ca-file", "timeout", "instance"].contains(name) { texts[name, default: []].insert(argument.abstract ?? "") }
            }
            command.subcommands?.forEach(collect)
        }
        collect(try #require(CommandHelpModel.load(root: DockerHarborCommand.self)))
        collect(try #require(CommandHelpModel.load(root: HelmHarborCommand.self)))
        #expect(texts["ca-file"] == ["Trust this CA certificate (PEM) for the instance, besides the system's, SSL_CERT_FILE and /etc/docker/certs.d/HOST/."])
        #expect(texts["timeout"] == ["Seconds the whole command may take (default: HARBOR_TIMEOUT, else 30)."])
        #expect(texts["instance"]?.count == 2, "the shared text, and use's (whose INSTANCE has no default): \(texts)")
    }
}
