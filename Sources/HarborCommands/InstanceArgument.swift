import HarborCore

/// Resolves the INSTANCE argument of login/logout/status, falling back to the default instance.
enum InstanceArgument {
    static func resolve(_ word: String?, context: CommandContext, settings: EffectiveSettings) throws -> Instance {
        if let word {
            do {
                return try Instance.resolve(word, settings: settings)
            } catch {
                throw CommandFailure(error.message, hint: error.hint, exitCode: context.flavor.usageExitCode)
            }
        }
        guard let instance = try settings.defaultInstance() else {
            throw CommandFailure(
                "no Harbor instance given and no default configured",
                hint: "name one (\(context.flavor.commandPath) login CUSTOMER or HOST), or set a default with '\(context.flavor.commandPath) use CUSTOMER'",
                exitCode: context.flavor.usageExitCode)
        }
        return instance
    }
}
