import ArgumentParser
import HarborCore
import HarborRegistry

/// The docker-harbor process: reads what docker asked (`DockerInvocation`) and answers it.
public enum DockerPluginMain {
    /// Runs one invocation and returns the exit status. `arguments` excludes argv[0]. Output is
    /// the caller's choice; without an explicit `input` and `network` there is neither (tests
    /// decide; `main` passes the real ones).
    public static func run(arguments: [String], environment: ProcessEnvironment, output: Output, input: InputSource = .none, network: NetworkAccess = .unconfigured, clock: WallClock = .system) async -> Int32 {
        let invocation: DockerInvocation
        do {
            invocation = try DockerInvocation.parse(arguments)
        } catch {
            // What docker itself prints for a bad global flag (docker exits 125 too).
            output.printError("unknown flag: \(error.description.replacingOccurrences(of: "unknown flag: ", with: ""))\nSee 'docker --help'.")
            return 125
        }
        var context = CommandContext(
            flavor: .docker, environment: environment, output: output, input: input,
            dockerConfigDirectory: invocation.configDirectory,
            debug: invocation.debug || environment["DEBUG"] == "1", network: network, clock: clock)
        context.dockerGlobalArguments = invocation.globalArguments
        switch invocation.mode {
        case .metadata:
            output.write(DockerPluginMetadata.json)
            return 0
        case .hook(let json):
            // Offline and quiet: docker waits for us before it prints its own result.
            if let request = DockerHookRequest.parse(json),
               let hint = DockerHookHint.decide(
                   request, recognizer: HarborHostRecognizer(context: context),
                   stored: { DockerHookHint.StoredLogin.lookup(host: $0, context: context) }, now: clock.now()) {
                output.write(hint.responseJSON)
            }
            return 0
        case .version:
            return await CommandRunner.run(root: DockerHarborCommand.self, arguments: ["version"], context: context)
        case .complete(let words, let descriptions):
            let result = await CompletionEngine.complete(root: DockerHarborCommand.self, words: words, context: context)
            output.write(result.formatted(descriptions: descriptions && wantsDescriptions(environment)))
            return 0
        case .run(let pluginArguments):
            if let help = HelpRequest.render(pluginArguments.isEmpty ? ["--help"] : pluginArguments, root: DockerHarborCommand.self, flavor: .docker, context: context) {
                output.write(help)
                return 0
            }
            return await CommandRunner.run(root: DockerHarborCommand.self, arguments: pluginArguments, context: context)
        }
    }

    /// cobra's switches for completion descriptions (spf13/cobra completions.go, v1.9.1 as vendored
    /// in docker/cli v28.2.2; docker/cli v28.2.2 cli-plugins/plugin/plugin.go).
    static func wantsDescriptions(_ environment: ProcessEnvironment) -> Bool {
        if environment["DOCKER_CLI_DISABLE_COMPLETION_DESCRIPTION"] != nil { return false }
        for name in ["DOCKER_COMPLETION_DESCRIPTIONS", "COBRA_COMPLETION_DESCRIPTIONS"] {
            if let value = environment[name], ["0", "f", "F", "false", "FALSE", "False"].contains(value) { return false }
        }
        return true
    }

    /// The process entry: installs interrupt handling, runs, and returns the exit status.
    public static func main(arguments: [String]) async -> Int32 {
        let environment = ProcessEnvironment.current
        ProcessInterruption.install(pluginSocket: environment["DOCKER_CLI_PLUGIN_SOCKET"])
        return await run(arguments: arguments, environment: environment, output: .standard, input: .standard, network: .live)
    }
}

import Foundation
