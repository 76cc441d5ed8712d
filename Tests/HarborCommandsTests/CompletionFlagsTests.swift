import HarborCommandsTestSupport
import Foundation
import HarborCore
import Testing

import HarborCommands

/// What a TAB offers for `--` and `-` is exactly what `--help` lists, for every command of both
/// plugins: both are read from the same definitions (ArgumentParser's for our commands, docker's
/// own for the docker commands we wrap), so neither can gain or lose a flag alone.
struct CompletionFlagsTests {
    struct Run {
        let status: Int32
        let stdout: String
    }

    let configDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("harbor-flags-\(UUID().uuidString)").path

    func run(_ flavor: PluginFlavor, _ arguments: [String]) async -> Run {
        let environment = ProcessEnvironment(
            variables: ["HARBOR_CONFIG_DIR": configDirectory, "PATH": ProcessEnvironment.current["PATH"] ?? "/usr/bin:/bin"],
            homeDirectory: "/nonexistent")
        let captured = CapturedOutput()
        let status = switch flavor {
        case .docker: await DockerPluginMain.run(arguments: arguments, environment: environment, output: captured.output)
        case .helm: await HelmPluginMain.run(arguments: arguments, environment: environment, output: captured.output)
        }
        return Run(status: status, stdout: captured.stdout)
    }

    /// How the user types a command after the plugin: docker's `harbor login`, helm's `login`.
    static func typed(_ flavor: PluginFlavor, _ path: [String]) -> [String] {
        flavor == .docker ? ["harbor"] + path : path
    }

    /// Every command of the plugin, as the words that name it (ArgumentParser's `help` left out).
    static func paths(_ flavor: PluginFlavor) throws -> [[String]] {
        let root = try #require(flavor == .docker ? CommandHelpModel.load(root: DockerHarborCommand.self) : CommandHelpModel.load(root: HelmHarborCommand.self))
        func below(_ command: CommandHelpModel, _ prefix: [String]) -> [[String]] {
            (command.subcommands ?? []).filter { $0.commandName != "help" }.flatMap { sub in [prefix + [sub.commandName]] + below(sub, prefix + [sub.commandName]) }
        }
        return below(root, [])
    }

    /// `--name` and `-s` of each flag line in the `Options:` (docker) or `Flags:` (helm) section.
    static func helpFlags(_ help: String) -> Set<String> {
        var names: Set<String> = []
        var inFlags = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" ") { inFlags = line == "Options:" || line == "Flags:"; continue }
            guard inFlags else { continue }
            let words = line.split(separator: " ")
            if let first = words.first, first.hasPrefix("-"), first.hasSuffix(",") { names.insert(String(first.dropLast())) }
            if let long = words.first(where: { $0.hasPrefix("--") }), line.trimmingCharacters(in: .whitespaces).hasPrefix("-") { names.insert(String(long)) }
        }
        return names
    }

    static func candidates(_ run: Run) -> [String] {
        run.stdout.split(separator: "\n").filter { !$0.hasPrefix(":") }.map { String($0.split(separator: "\t", maxSplits: 1)[0]) }
    }

    @Test(arguments: [PluginFlavor.docker, .helm])
    func aTabOffersTheFlagsTheHelpShows(flavor: PluginFlavor) async throws {
        // The docker commands we wrap show docker's flags: compared with docker below.
        let paths = try Self.paths(flavor)
        #expect(paths.count > 15, "\(paths)")
        for path in paths where !(flavor == .docker && ["pull", "push", "tag", "run"].contains(path[0])) {
            let help = await run(flavor, Self.typed(flavor, path) + ["--help"])
            #expect(help.status == 0, "\(path)")
            let shown = Self.helpFlags(help.stdout).subtracting(["--help", "-h"])
            let long = await run(flavor, ["__complete"] + Self.typed(flavor, path) + ["--"])
            let short = await run(flavor, ["__complete"] + Self.typed(flavor, path) + ["-"])
            #expect(Set(Self.candidates(long)).subtracting(["--help"]) == shown.filter { $0.hasPrefix("--") }, "\(path): \(help.stdout)")
            #expect(Set(Self.candidates(short)).subtracting(["--help"]) == shown, "\(path)")
            #expect(Self.candidates(long).count == Set(Self.candidates(long)).count, "each flag once: \(path)")
        }
    }

    /// Each candidate's description is its help text, as docker's read beside a candidate.
    @Test func descriptionsAreTheHelpTexts() async {
        let login = await run(.helm, ["__complete", "login", "--p"])
        #expect(login.stdout == """
            --password\tThe secret (insecure: it shows in the process list; prefer --password-stdin)
            --password-stdin\tRead the secret from stdin
            :4

            """)
        let projects = await run(.docker, ["__complete", "harbor", "projects", "--t"])
        #expect(projects.stdout == "--timeout\tSeconds the whole command may take (default: HARBOR_TIMEOUT, else 30)\n:4\n")
    }

    /// Values complete as the definitions say: enumerated values, file names, or nothing.
    @Test func flagValuesFollowTheDefinitions() async {
        #expect(await run(.docker, ["__complete", "harbor", "version", "--format", ""]).stdout == "text\njson\n:4\n")
        #expect(await run(.docker, ["__complete", "harbor", "version", "--format=j"]).stdout == "--format=json\n:4\n")
        #expect(await run(.helm, ["__complete", "push", "--ca-file", ""]).stdout == ":0\n", "file names, from the shell")
        #expect(await run(.docker, ["__complete", "harbor", "login", "-u", ""]).stdout == ":4\n")
        #expect(await run(.docker, ["__complete", "harbor", "projects", "--format", "t"]).stdout == "table\taligned columns\n:4\n")
        // A flag's value is not taken for the positional argument.
        #expect(await run(.docker, ["__complete", "harbor", "login", "--timeout", "5", "-u", "alice", ""]).stdout == ":4\n")
    }

    /// `docker harbor pull|push|tag|run`: the flags are docker's, the ones docker itself
    /// completes (`docker __complete pull --`). (The descriptions are docker's help text, which
    /// wraps long usages: cobra's first line of a multi-line usage cannot be told from it.)
    @Test(arguments: ["pull", "push", "tag", "run"])
    func wrappedDockerCommandsCompleteDockersFlags(verb: String) async throws {
        let names = { (text: String) in Set(text.split(separator: "\n").filter { !$0.hasPrefix(":") }.map { String($0.split(separator: "\t")[0]) }).subtracting(["--help", "-h"]) }
        for prefix in ["--", "-"] {
            let ours = await run(.docker, ["__complete", "harbor", verb, prefix])
            let theirs = try Self.docker(["__complete", verb, prefix])
            #expect(names(ours.stdout) == names(theirs), "\(verb) \(prefix)")
            #expect(verb == "tag" || names(theirs).count > 2, "docker answered: \(theirs)")
        }
        let platform = await run(.docker, ["__complete", "harbor", verb, "--pla"])
        #expect(platform.stdout.hasPrefix(verb == "tag" ? ":4" : "--platform\t"), "\(platform.stdout)")
    }

    static func docker(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["docker"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
