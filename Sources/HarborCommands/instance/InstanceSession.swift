import HarborCore
import HarborRegistry

/// The transport stack for talking to an instance, from the context's `NetworkAccess`: its TLS
/// trust, proxies, the command's time limit (`--timeout`, else `HARBOR_TIMEOUT`, else 30 s),
/// the `-D`/`--debug` trace and the plugin's User-Agent, and setup errors as exit statuses.
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
