import AsyncHTTPClient
import Foundation
import HarborCore
import HarborRegistry
import NIOSSL

/// The bottom of the transport stack for an instance, for the listing commands and completion:
/// AsyncHTTPClient trusting the system's CAs plus the instance's own (`--ca-file`,
/// `SSL_CERT_FILE`, docker's `certs.d`), never following redirects.
///
/// Interim: the transport stack (fail-fast dialing, proxies, auth, retry) replaces this with its
/// factory for an instance's full stack; callers only see `HTTPTransport`.
enum InstanceTransport {
    static func make(for instance: Instance, caFile: String?, environment: ProcessEnvironment) throws -> any HTTPTransport {
        let trust = TrustedCertificates.discover(for: instance, caFile: caFile, environment: environment)
        return AsyncHTTPClientTransport(client: try Clients.shared.client(trusting: trust.files))
    }

    /// One client per set of CA files, alive for the whole process: a short-lived command or a
    /// TAB exits without the orderly shutdown a client otherwise needs.
    final class Clients: @unchecked Sendable {
        static let shared = Clients()
        private let lock = NSLock()
        private var clients: [[String]: HTTPClient] = [:]

        func client(trusting files: [String]) throws -> HTTPClient {
            try lock.withLock {
                if let existing = clients[files] { return existing }
                var tls = TLSConfiguration.makeClientConfiguration()
                var extra: [NIOSSLCertificate] = []
                for file in files {
                    do {
                        extra += try NIOSSLCertificate.fromPEMFile(file)
                    } catch {
                        throw TransportError.unreadableCertificate(path: file, reason: "\(error)")
                    }
                }
                if !extra.isEmpty { tls.additionalTrustRoots = [.certificates(extra)] }
                var configuration = HTTPClient.Configuration(tlsConfiguration: tls, redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10)))
                configuration.httpVersion = .http1Only
                let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
                clients[files] = client
                return client
            }
        }
    }
}
