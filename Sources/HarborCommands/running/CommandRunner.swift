import ArgumentParser
import HarborCore

/// Parses arguments with ArgumentParser, runs the command in its context, and turns every
/// outcome into output and an exit status the host program passes through.
public enum CommandRunner {
    public static func run(root: any ParsableCommand.Type, arguments: [String], context: CommandContext) async -> Int32 {
        do {
            var command = try root.parseAsRoot(arguments)
            // login, logout and status speak about freshness themselves.
            if !(command is VersionCommand || command is LoginCommand || command is LogoutCommand || command is StatusCommand) {
                FreshnessReminder.remind(context)
            }
            try await CommandContext.$current.withValue(context) {
                if var asyncCommand = command as? any AsyncParsableCommand {
                    try await asyncCommand.run()
                } else {
                    try command.run()
                }
            }
            return 0
        } catch {
            return report(error, root: root, context: context)
        }
    }

    static func report(_ error: any Error, root: any ParsableCommand.Type, context: CommandContext) -> Int32 {
        switch error {
        case let exit as PassedThroughExit:
            // docker said what there was to say: pass its status on, silently.
            return exit.status
        case let error as any UserFacingError:
            context.output.printError(ErrorRenderer.render(error, debug: context.debug))
            return ErrorRenderer.exitCode(for: error, flavor: context.flavor)
        default:
            break
        }
        let code = root.exitCode(for: error)
        let message = root.fullMessage(for: error)
        if code == .success {
            context.output.print(message)
            return 0
        }
        context.output.printError(message)
        return code == .validationFailure ? context.flavor.usageExitCode : code.rawValue
    }
}
