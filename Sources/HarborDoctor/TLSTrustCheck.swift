/// `tls`: whether TLS trusts Harbor's certificate, and which CA source did: the system store,
/// `--ca-file`, `SSL_CERT_FILE` or docker's `/etc/docker/certs.d/HOST/` (`TLSTrust.discover`).
public struct TLSTrustCheck: DoctorCheck {
    public let key = "tls"
    public init() {}

    public func evaluate(_ facts: DoctorFacts) -> DoctorFinding {
        let host = facts.instance.host
        switch facts.trust {
        case .notChecked:
            return .warning(key, "not checked: \(host) was not reached")
        case .plainHTTP:
            return .ok(key, "plain HTTP (allowed for loopback hosts only)")
        case .trusted(let source):
            return .ok(key, "certificate trusted by \(source)")
        case .untrusted(let reason):
            return .failure(
                key, "TLS handshake with \(host) failed: \(reason)",
                fix: "if \(host) uses a company CA, trust it: pass --ca-file CA.pem, set SSL_CERT_FILE, or put it in /etc/docker/certs.d/\(host)/ca.crt (docker reads it there; Helm needs --ca-file or SSL_CERT_FILE)")
        }
    }
}
