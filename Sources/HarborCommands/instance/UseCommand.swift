import ArgumentParser
import HarborCore

/// `docker harbor use CUSTOMER [PKEY]`: sets the defaults short references are completed from.
struct UseCommand: AsyncParsableCommand, CompletionDescribing {
    static let configuration = CommandConfiguration(
        commandName: "use",
        abstract: "Set the default Harbor instance and project",
        discussion: """
            INSTANCE is a customer name (acme → registry-acme.devops.t-systems.net), a name set with \
            'config set instances.NAME HOST', or HOST[:PORT]. With PKEY, short references like \
            app:1 mean INSTANCE/PKEY/app:1.
            """
    )

    @Argument(help: ArgumentHelp("Customer name, configured instance or HOST[:PORT].", valueName: "instance"))
    var instance: String

    @Argument(help: ArgumentHelp("Default project key.", valueName: "pkey"))
    var project: String?

    static func completePositional(_ index: Int, prefix: String, context: CommandContext) async -> CompletionResult {
        switch index {
        case 0: return context.completeInstances(prefix)
        case 1: return await context.completeProjectKeys(prefix)
        default: return CompletionResult([])
        }
    }

    func run() async throws {
        let context = CommandContext.current
        let settings = try context.settings()
        let resolved = try InstanceArgument.resolve(instance, context: context, settings: settings)
        if let project, let issue = ImageReference.projectNameIssue(project) {
            throw CommandFailure(issue, hint: "Harbor project keys are lower case, e.g. 'pkey'", exitCode: .usage)
        }
        let file = SettingsFile(environment: context.environment)
        var clearedProject: String?
        try file.update { stored in
            if stored.instance != instance, project == nil, let old = stored.project {
                clearedProject = old
                stored.project = nil
            }
            stored.instance = instance
            if let project { stored.project = project }
        }
        let output = context.output
        let customer = resolved.customer.map { " (customer \($0))" } ?? ""
        output.print("Default instance: \(resolved.host)\(customer)")
        if let project {
            output.print("Default project:  \(project)")
            output.print("Short references now read like this: app:1 → \(resolved.host)/\(project)/app:1")
        } else if let clearedProject {
            output.print("Default project '\(clearedProject)' was cleared: it belonged to the previous instance.")
        }
        for key in [SettingKey.instance, .project] {
            if let value = context.environment[key.environmentVariable] {
                output.printError("Warning: \(key.environmentVariable)=\(value) is set and overrides this setting.")
            }
        }
    }
}
