import Foundation
import HarborCore

/// Extra certificate authorities to trust for an instance, besides the system's:
/// `--ca-file`, `$SSL_CERT_FILE`, and docker's per-registry `/etc/docker/certs.d/HOST/ca.crt`
/// (and `~/.docker/certs.d/HOST/ca.crt`), the places a company CA is usually put.
public struct TrustedCertificates: Sendable, Equatable {
    public var files: [String]

    public init(files: [String]) { self.files = files }

    public static func discover(for instance: Instance, caFile: String?, environment: ProcessEnvironment) -> TrustedCertificates {
        var files: [String] = []
        if let caFile { files.append(caFile) }
        if let bundle = environment["SSL_CERT_FILE"] { files.append(bundle) }
        for directory in ["/etc/docker/certs.d", environment.homeDirectory + "/.docker/certs.d"] {
            let candidate = "\(directory)/\(instance.host)/ca.crt"
            if FileManager.default.isReadableFile(atPath: candidate) { files.append(candidate) }
        }
        return TrustedCertificates(files: files)
    }
}
