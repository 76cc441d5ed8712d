import HarborCore
import HarborRegistry

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

/// The HTTP session for talking to an instance: its extra CAs, the timeout
/// (`--timeout`, else `HARBOR_TIMEOUT`, else 30 s), and errors as exit statuses.
enum InstanceSession {
    static func open(for instance: Instance, caFile: String?, timeout: Int?, context: CommandContext, doing what: String) throws -> HTTPSession {
        let seconds = timeout ?? context.environment["HARBOR_TIMEOUT"].flatMap(Int.init) ?? 30
        do {
            return try HTTPSession(trust: TrustedCertificates.discover(for: instance, caFile: caFile, environment: context.environment), timeout: .seconds(seconds))
        } catch {
            throw ExitStatus.failure(error, doing: what)
        }
    }
}
