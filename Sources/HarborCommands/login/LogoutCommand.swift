import ArgumentParser
import HarborCore
import HarborCredentials

/// `docker harbor logout` / `helm harbor logout`: removes the host's credentials from docker's
/// store, Helm's registry config and the plugins' own records, and nothing else, and says where
/// it found them. Like `docker logout` it exits 0 when nothing was stored, unless `--strict`.
struct LogoutCommand: AsyncParsableCommand, CompletionDescribing {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "Remove the stored credentials for a Harbor instance")

    @OptionGroup var options: InstanceOptions

    @Flag(help: "Remove the credentials from docker's store only.")
    var dockerOnly = false

    @Flag(help: "Remove the credentials from Helm's registry config only.")
    var helmOnly = false

    @Flag(help: "Exit with status 1 when nothing was stored for the instance.")
    var strict = false

    static func completePositional(_ index: Int, prefix: String, context: CommandContext) -> CompletionResult {
        LoginCommand.completePositional(index, prefix: prefix, context: context)
    }

    func validate() throws {
        if dockerOnly && helmOnly { throw ValidationError("--docker-only and --helm-only exclude each other") }
    }

    func run() async throws {
        let context = CommandContext.current
        let settings = try context.settings()
        let instance = try InstanceArgument.resolve(options.instance, context: context, settings: settings)
        let targets = context.credentialPlacement(docker: !helmOnly, helm: !dockerOnly)
        context.output.print("Removing login credentials for \(instance.host)")
        let removed: [CredentialPlacement.Removal]
        do {
            removed = try targets.erase(host: instance.host)
        } catch {
            throw CredentialChainFailure.failure(error)
        }
        // Variables are not ours to remove: say that they still answer (docker/cli
        // `maybePrintEnvAuthWarning`, v28.3.2, warns the same way).
        let chain = context.credentialChain(settings)
        if chain.dockerAuthConfig.entry(for: instance.host) != nil {
            context.output.printError("Warning: \(DockerAuthConfigVariable.name) is set and holds credentials for \(instance.host); they take precedence and logout cannot remove them. Unset \(DockerAuthConfigVariable.name) to stop using them.")
        }
        if (try? chain.pipelineCredential(for: instance.host)) != nil {
            context.output.printError("Warning: HARBOR_USERNAME and \(chain.pipeline.secretVariable) are set for \(instance.host); the plugins keep using them until they are unset.")
        }
        if !dockerOnly && !helmOnly { try? CredentialFreshnessFile(environment: context.environment).forget(host: instance.host) }
        // Each place something really was: the helper that held the secret, or the file with it in plain text.
        for removal in removed { context.output.print("  removed from \(removal.description)") }
        if removed.isEmpty {
            if strict { throw CommandFailure("nothing stored for \(instance.host)", exitCode: .failure) }
            context.output.print("nothing stored for \(instance.host)")
        }
    }
}
