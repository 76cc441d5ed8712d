import HarborCore
import HarborRegistry

/// The transport for an instance as the listing commands and completion use it: the real stack
/// (TLS trust from `--ca-file`, `SSL_CERT_FILE` and docker's certs.d, proxies, fail-fast
/// dialing), without credentials of its own: the HarborAPI client adds Basic for `/api/v2.0`.
enum InstanceTransport {
    static func make(for instance: Instance, caFile: String?, environment: ProcessEnvironment) throws -> any HTTPTransport {
        try TransportStack.make(for: InstanceConnection(instance: instance, caFile: caFile, environment: environment))
    }
}
