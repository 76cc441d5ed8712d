import HarborCore
import HarborRegistry

/// The bottom of the transport stack for shell completion (which runs without a
/// `CommandContext` network): TLS trust from `--ca-file`, `SSL_CERT_FILE` and docker's certs.d,
/// proxies from the environment, fail-fast dialing. `CompletionSources.client` puts the
/// authentication, retry and loopback layers on top.
enum InstanceTransport {
    static func make(for instance: Instance, caFile: String?, environment: ProcessEnvironment) throws -> any HTTPTransport {
        try TransportStack.network(for: InstanceConnection(instance: instance, caFile: caFile, environment: environment))
    }
}
