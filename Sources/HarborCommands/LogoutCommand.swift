import ArgumentParser
import HarborCore
import HarborCredentials

/// `docker harbor logout` / `helm harbor logout`: removes the host's credentials from docker's
/// store, Helm's registry config and the plugins' own records, and nothing else.
struct LogoutCommand: AsyncParsableCommand, CompletionDescribing {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "Remove the stored credentials for a Harbor instance")

    @OptionGroup var options: InstanceOptions

    @Flag(help: "Remove the credentials from docker's store only.")
    var dockerOnly = false

    @Flag(help: "Remove the credentials from Helm's registry config only.")
    var helmOnly = false

    static let completionFlags = [CompletionCandidate("--docker-only", "Docker's store only"), CompletionCandidate("--helm-only", "Helm's registry config only")] + InstanceOptions.completionFlags
    static let valueFlags = InstanceOptions.valueFlags

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
        let targets = CredentialTargets(context: context, docker: !helmOnly, helm: !dockerOnly)
        context.output.print("Removing login credentials for \(instance.host)")
        let removed = try targets.erase(host: instance.host)
        if !dockerOnly && !helmOnly { try? CredentialFreshnessFile(environment: context.environment).forget(host: instance.host) }
        if removed.isEmpty {
            context.output.print("No credentials were stored for \(instance.host).")
        } else {
            for place in removed { context.output.print("  removed from \(place)") }
        }
    }
}
