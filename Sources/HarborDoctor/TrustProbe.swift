import HarborCore
import HarborRegistry

/// Finds which CA source makes TLS trust an instance: the system store alone first, then each
/// extra source `TLSTrust.discover` finds (`--ca-file`, `SSL_CERT_FILE`, every `*.crt` of
/// docker's `certs.d/HOST/`), each tried on its own with a `GET /v2/`. Injectable for tests.
public struct TrustProbe: Sendable {
    /// The source in words, or why no source works.
    public let attribute: @Sendable (InstanceConnection) async -> DoctorFacts.TrustAttribution

    public init(attribute: @escaping @Sendable (InstanceConnection) async -> DoctorFacts.TrustAttribution) {
        self.attribute = attribute
    }

    public static let live = TrustProbe { connection in
        let discovered: TLSTrust
        do {
            discovered = try TLSTrust.discover(for: connection.instance, caFile: connection.caFile, environment: connection.environment)
        } catch {
            return .untrusted("\(error)")
        }
        var candidates: [(String, TLSTrust)] = [("the system store", TLSTrust(caFiles: [], clientIdentity: discovered.clientIdentity))]
        for file in discovered.caFiles {
            let words: String
            if file == connection.caFile {
                words = "--ca-file \(file)"
            } else if file == connection.environment["SSL_CERT_FILE"] {
                words = "SSL_CERT_FILE (\(file))"
            } else {
                words = "docker's certs.d (\(file))"
            }
            candidates.append((words, TLSTrust(caFiles: [file], clientIdentity: discovered.clientIdentity)))
        }
        var lastReason = "no CA source trusts the certificate"
        let limit = min(connection.timeout ?? .seconds(10), .seconds(10))
        for (words, trust) in candidates {
            let settings = ConnectionSettings(
                trust: trust, proxies: ProxySelection(environment: connection.environment), timeouts: PhaseTimeouts.standard.capped(at: limit),
                commandTimeout: connection.timeout, deadline: connection.deadline)
            let transport: AsyncHTTPClientTransport
            do {
                transport = try AsyncHTTPClientTransport(settings: settings)
            } catch {
                lastReason = "\(error)"
                continue
            }
            do {
                let response = try await transport.send(HTTPRequest(method: .GET, url: connection.baseURL + "/v2/"))
                await response.body.discard()
                await transport.shutdown()
                return .trusted(by: words + (trust.clientIdentity.map { ", client certificate \($0.certificateFile)" } ?? ""))
            } catch let error as ConnectionError {
                await transport.shutdown()
                if case .tlsFailure(_, let reason) = error.reason {
                    lastReason = reason
                    continue
                }
                return .untrusted(error.reason.description)
            } catch {
                await transport.shutdown()
                lastReason = "\(error)"
            }
        }
        return .untrusted(lastReason)
    }
}
