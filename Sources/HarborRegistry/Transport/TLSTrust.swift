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

    /// A directory of system roots prepared by OpenSSL's `c_rehash` (`HASH.0` links), used
    /// instead of the default bundle when present: Linux only (macOS uses the keychain).
    public var systemCertificateDirectory: String?

    public init(caFiles: [String] = [], clientIdentity: ClientIdentity? = nil, systemCertificateDirectory: String? = TLSTrust.hashedSystemDirectory()) {
        self.caFiles = caFiles
        self.clientIdentity = clientIdentity
        self.systemCertificateDirectory = systemCertificateDirectory
    }

    /// `SSL_CERT_DIR`'s first entry or `/etc/ssl/certs`, when it holds hashed links (Debian,
    /// Ubuntu, Alpine, SUSE do; Fedora's holds only bundles, and then the default bundle is used).
    public static func hashedSystemDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        #if os(Linux)
        let candidates = (environment["SSL_CERT_DIR"].map { $0.split(separator: ":").map(String.init) } ?? []) + ["/etc/ssl/certs"]
        for directory in candidates {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { continue }
            if names.contains(where: isHashLinkName) { return directory }
        }
        #endif
        return nil
    }

    /// `0123abcd.0`: an OpenSSL subject-hash name.
    static func isHashLinkName(_ name: String) -> Bool {
        let parts = name.split(separator: ".")
        return parts.count == 2 && parts[0].count == 8 && parts[0].allSatisfy(\.isHexDigit) && parts[1].allSatisfy(\.isNumber)
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
