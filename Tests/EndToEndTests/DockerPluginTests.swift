import Foundation
import HarborCommands
import HarborCore
import HarborTestSupport
import Testing

/// The plugin as the real docker client (28.2.2) sees it, installed by install.sh into a
/// temporary HOME. No engine is needed for any of this (docker/cli v28.2.2: cli-plugins/manager,
/// cli-plugins/plugin/plugin.go, cmd/docker/docker.go).
@Suite(.serialized)
struct DockerPluginTests {
    let home: TestHome
    let environment: [String: String]

    init() async throws {
        home = try await TestHome.installed()
        environment = home.dockerEnvironment
    }

    func docker(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> CompletedProcess {
        try await ProcessRunner.run("docker", arguments, environment: environment.merging(extra) { $1 })
    }

    @Test func dockerHelpListsThePlugin() async throws {
        let result = try await docker(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("  harbor*     \(DockerPluginMetadata.shortDescription)"), "\(result)")
        #expect(!result.stdout.contains("Invalid Plugins"))
    }

    @Test func dockerInfoShowsAValidPlugin() async throws {
        let result = try await docker(["info"])
        // No daemon runs, so docker info fails on the server part; the client part is what we check.
        #expect(result.stdout.contains("  harbor: \(DockerPluginMetadata.shortDescription) (\(HarborVersion.vendor))"), "\(result)")
        #expect(result.stdout.contains("    Version:  \(HarborVersion.current)"))
        #expect(!result.stderr.contains("is not valid"), "\(result)")
        let json = try await docker(["info", "--format", "{{json .ClientInfo.Plugins}}"])
        let plugins = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]] ?? []
        let harbor = plugins.first { $0["Name"] as? String == "harbor" }
        #expect(harbor?["Err"] == nil || harbor?["Err"] is NSNull, "\(json)")
        #expect(harbor?["SchemaVersion"] as? String == "0.1.0")
    }

    @Test func globalFlagsBeforeHarborAreSkipped() async throws {
        // --config is not exported by docker: the plugin must find it in argv (observed with
        // docker 28.2.2; docker/cli v28.2.2, cmd/docker/docker.go `tryPluginRun`). Point
        // DOCKER_CONFIG elsewhere so only --config can find the plugin.
        let result = try await docker(["--config", home.dockerConfig, "-D", "--log-level=warn", "harbor", "parse", "pkey/app:1"],
                                environment: ["DOCKER_CONFIG": home.path + "/nowhere", "HARBOR_INSTANCE": "acme"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("Reference   registry-acme.devops.t-systems.net/pkey/app:1"))
        let equalsForm = try await docker(["--config=\(home.dockerConfig)", "--context", "default", "harbor", "parse", "--format", "json", "localhost:5000/p/app"])
        #expect(equalsForm.status == 0, "\(equalsForm)")
        #expect(equalsForm.stdout.contains("\"canonical\" : \"localhost:5000/p/app\""))
    }

    @Test(arguments: [[], ["parse"], ["config"], ["config", "set"], ["use"]])
    func helpIsTheSameBothWays(_ path: [String]) async throws {
        let viaHelp = try await docker(["help", "harbor"] + path)
        let viaFlag = try await docker(["harbor"] + path + ["--help"])
        #expect(viaHelp.status == 0)
        #expect(viaFlag.status == 0)
        #expect(viaHelp.stdout == viaFlag.stdout)
        let usage = (["docker harbor"] + path).joined(separator: " ")
        #expect(viaFlag.stdout.hasPrefix("Usage:  \(usage) "), "\(viaFlag)")
        #expect(!viaFlag.stdout.contains("docker-harbor"))
    }

    @Test func exitCodesPassThrough() async throws {
        let flagError = try await docker(["harbor", "parse", "--bogus", "x"])
        #expect(flagError.status == 125, "\(flagError)")
        #expect(flagError.stderr.contains("Unknown option '--bogus'"))
        #expect(flagError.stderr.contains("docker harbor parse --help"))

        let unknownCommand = try await docker(["harbor", "frobnicate"])
        #expect(unknownCommand.status == 125, "\(unknownCommand)")

        let badReference = try await docker(["harbor", "parse", "registry-acme.devops.t-systems.net/pkey/App:1"])
        #expect(badReference.status == 1, "\(badReference)")
        #expect(badReference.stderr.contains("'A' at position 41 is upper case"))
        #expect(badReference.stdout.isEmpty)
    }

    @Test func versionThreeWays() async throws {
        for arguments in [["harbor", "version"], ["harbor", "--version"], ["--version", "harbor"]] {
            let result = try await docker(arguments)
            #expect(result.status == 0, "\(arguments): \(result)")
            #expect(result.stdout.contains(HarborVersion.current), "\(arguments): \(result)")
        }
    }

    @Test func completionThroughDocker() async throws {
        let commands = try await docker(["__complete", "harbor", ""])
        #expect(commands.stdout.contains("parse\tShow the parts of an image or chart reference\n"), "\(commands)")
        #expect(commands.stdout.hasSuffix(":4\n"))
        let flags = try await docker(["__complete", "harbor", "parse", "--f"])
        #expect(flags.stdout == "--format\tOutput format: text or json\n:4\n", "\(flags)")
        let keys = try await docker(["__complete", "harbor", "config", "set", "ho"])
        #expect(keys.stdout.hasPrefix("host-template\t"), "\(keys)")
        // DOCKER_CLI_DISABLE_COMPLETION_DESCRIPTION drops the descriptions (docker/cli v28.2.2,
        // cli-plugins/plugin/plugin.go).
        let plain = try await docker(["__complete", "harbor", "config", ""], environment: ["DOCKER_CLI_DISABLE_COMPLETION_DESCRIPTION": "1"])
        #expect(plain.stdout == "list\nget\nset\nunset\npath\n:4\n", "\(plain)")
    }

    @Test func settingsWrittenByDockerHarborAreUsed() async throws {
        let use = try await docker(["harbor", "use", "acme", "pkey"])
        #expect(use.status == 0, "\(use)")
        #expect(use.stdout.contains("Default instance: registry-acme.devops.t-systems.net (customer acme)"))
        let parsed = try await docker(["harbor", "parse", "--format", "json", "team/app:2"])
        #expect(parsed.stdout.contains("\"canonical\" : \"registry-acme.devops.t-systems.net/team/app:2\""), "\(parsed)")
        let settings = try home.read(".config/harbor/settings.json")
        #expect(settings.contains("\"project\" : \"pkey\""))
    }
}
