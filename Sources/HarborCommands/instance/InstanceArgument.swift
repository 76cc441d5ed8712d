import ArgumentParser
import HarborCore

/// The instance a command works with: the INSTANCE word of login, logout and status, the
/// `--instance` of the listings, the INSTANCE of `use`. One help text and one check for all of
/// them: a name that is no customer, configured instance or HOST[:PORT] is a usage mistake.
enum InstanceArgument {
    static let help = ArgumentHelp("Customer name, configured instance or HOST[:PORT]; default: the configured instance.", valueName: "instance")

    /// `word`, else the default instance.
    static func resolve(_ word: String?, context: CommandContext, settings: EffectiveSettings) throws -> Instance {
        if let word { return try resolve(word, context: context, settings: settings) }
        guard let instance = try settings.defaultInstance() else {
            throw CommandFailure(
                "no Harbor instance given and no default configured",
                hint: "name one (\(context.flavor.commandPath) login CUSTOMER or HOST), or set a default with '\(context.flavor.commandPath) use CUSTOMER'",
                exitCode: .usage)
        }
        return instance
    }

    /// `word`, which names an instance.
    static func resolve(_ word: String, context: CommandContext, settings: EffectiveSettings) throws -> Instance {
        do {
            return try Instance.resolve(word, settings: settings)
        } catch {
            throw CommandFailure(error.message, hint: error.hint, exitCode: .usage)
        }
    }
}
