import HarborCore
import HarborRegistry

/// The helm-harbor process (helm/helm cmd/helm/load_plugins.go v3.21.4, pkg/cmd/load_plugins.go
/// v4.2.4): Helm has already removed its global flags from argv and exports them as `HELM_*`
/// variables; `plugin.complete` calls `__complete`.
public enum HelmPluginMain {
    public static func run(arguments: [String], environment: ProcessEnvironment, output: Output, input: InputSource = .none, network: NetworkAccess = .unconfigured, clock: WallClock = .system) async -> Int32 {
        let context = CommandContext(flavor: .helm, environment: environment, output: output, input: input, debug: environment["HELM_DEBUG"] == "true", network: network, clock: clock)
        if arguments.first == "__complete" || arguments.first == "__completeNoDesc" {
            // Helm 4 merges the completer's stderr into the candidates: never write to stderr here.
            var words = Array(arguments.dropFirst())
            if words.isEmpty { words = [""] }
            let result = await CompletionEngine.complete(root: HelmHarborCommand.self, words: words, context: context)
            output.write(result.formatted(descriptions: arguments.first == "__complete"))
            return 0
        }
        if let help = HelpRequest.render(arguments.isEmpty ? ["--help"] : arguments, root: HelmHarborCommand.self, flavor: .helm) {
            output.write(help)
            return 0
        }
        return await CommandRunner.run(root: HelmHarborCommand.self, arguments: arguments, context: context)
    }

    public static func main(arguments: [String]) async -> Int32 {
        ProcessInterruption.install(pluginSocket: nil)
        return await run(arguments: arguments, environment: .current, output: .standard, input: .standard, network: .live)
    }
}
