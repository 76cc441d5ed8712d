import HarborCore
import HarborRegistry

/// Resolves the INSTANCE argument of login/logout/status, falling back to the default instance.
enum InstanceArgument {
    static func resolve(_ word: String?, context: CommandContext, settings: EffectiveSettings) throws -> Instance {
        if let word {
            do {
                return try Instance.resolve(word, settings: settings)
            } catch {
                throw CommandFailure(error.message, hint: error.hint, exitCode: .usage)
            }
        }
        guard let instance = try settings.defaultInstance() else {
            throw CommandFailure(
                "no Harbor instance given and no default configured",
                hint: "name one (\(context.flavor.commandPath) login CUSTOMER or HOST), or set a default with '\(context.flavor.commandPath) use CUSTOMER'",
                exitCode: .usage)
        }
        return instance
    }
}

/// The transport stack for talking to an instance, from the context's `NetworkAccess`: its TLS
/// trust, proxies, the command's time limit (`--timeout`, else `HARBOR_TIMEOUT`, else 30 s),
/// and setup errors as exit statuses.
enum InstanceSession {
    /// `caFile` and `timeout`: the command's `--ca-file` and `--timeout`, when given.
    static func open(for instance: Instance, credentials: BasicCredentials?, caFile: String?, timeout: Int?, context: CommandContext, doing what: String) throws -> TransportStack {
        let seconds = try CommandTimeout.seconds(flag: timeout, context: context)
        let output = context.output
        var trace: TracingTransport.Sink?
        if context.debug { trace = { line in output.printError(line) } }
        let connection = InstanceConnection(
            instance: instance, credentials: credentials, caFile: caFile, timeout: .seconds(seconds), environment: context.environment,
            userAgent: context.flavor.userAgent, trace: trace)
        do {
            return try context.network.open(connection)
        } catch {
            throw CommandFailure.doing(what, error)
        }
    }
}
