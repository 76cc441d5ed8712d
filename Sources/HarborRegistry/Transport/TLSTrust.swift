import Foundation
import HarborCore

/// What TLS trusts and presents for one instance, gathered from the places docker and the
/// usual tools read:
/// - the system's roots, always;
/// - `--ca-file`, and `$SSL_CERT_FILE` (a PEM bundle, as Go and OpenSSL read it);
/// - docker's per-registry directory `/etc/docker/certs.d/HOST[:PORT]/` (and
///   `~/.docker/certs.d/…`): every `*.crt` is a CA, and every `NAME.cert` with its `NAME.key` is a
///   client certificate and key (docker/docker daemon/config and registry/registry.go,
///   `ReadCertsDirectory`: a `.cert` without its `.key`, or the reverse, is an error there too).
public struct TLSTrust: Sendable, Equatable {
    /// PEM files of extra certificate authorities.
    public var caFiles: [String]
    /// A client certificate and its key, when a certs.d directory holds one.
    public var clientIdentity: ClientIdentity?

    public struct ClientIdentity: Sendable, Equatable {
        public let certificateFile: String
        public let keyFile: String

        public init(certificateFile: String, keyFile: String) {
            self.certificateFile = certificateFile
            self.keyFile = keyFile
        }
    }

    public init(caFiles: [String] = [], clientIdentity: ClientIdentity? = nil) {
        self.caFiles = caFiles
        self.clientIdentity = clientIdentity
    }

    /// The trust for `instance`. Throws when a certs.d directory holds half a client pair.
    public static func discover(for instance: Instance, caFile: String?, environment: ProcessEnvironment, certsDirectories: [String]? = nil) throws(TransportError) -> TLSTrust {
        var trust = TLSTrust()
        if let caFile { trust.caFiles.append(caFile) }
        if let bundle = environment["SSL_CERT_FILE"], !bundle.isEmpty { trust.caFiles.append(bundle) }
        let directories = certsDirectories ?? ["/etc/docker/certs.d", environment.homeDirectory + "/.docker/certs.d"]
        for base in directories {
            let directory = "\(base)/\(instance.host)"
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { continue }
            for name in names.sorted() {
                let path = "\(directory)/\(name)"
                if name.hasSuffix(".crt") {
                    trust.caFiles.append(path)
                } else if name.hasSuffix(".cert") {
                    let key = String(name.dropLast(".cert".count)) + ".key"
                    guard names.contains(key) else {
                        throw TransportError.unreadableCertificate(path: path, reason: "the client certificate has no key \(key) next to it (docker requires the pair)")
                    }
                    if trust.clientIdentity == nil {
                        trust.clientIdentity = ClientIdentity(certificateFile: path, keyFile: "\(directory)/\(key)")
                    }
                } else if name.hasSuffix(".key") {
                    let certificate = String(name.dropLast(".key".count)) + ".cert"
                    guard names.contains(certificate) else {
                        throw TransportError.unreadableCertificate(path: path, reason: "the client key has no certificate \(certificate) next to it (docker requires the pair)")
                    }
                }
            }
        }
        return trust
    }
}
