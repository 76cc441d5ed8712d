/// Why a request to a Harbor instance did not get an answer, in terms a user can act on.
/// Never carries a secret: only the host, the URL without credentials, and the cause.
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The host name does not resolve.
    case unknownHost(host: String)
    /// Nothing listens on the port.
    case connectionRefused(host: String)
    /// The TLS handshake failed (unknown CA, wrong host name, or not TLS at all).
    case tlsFailure(host: String, reason: String)
    /// No answer in time.
    case timeout(host: String, seconds: Int)
    /// The connection broke before a complete answer arrived.
    case connectionLost(host: String, reason: String)
    /// Plain HTTP to a host that is not loopback: refused, since a secret would cross the network in clear text.
    case plainHTTPRefused(host: String)
    /// A CA file that cannot be read.
    case unreadableCertificate(path: String, reason: String)
    /// Anything else, with the underlying error's text.
    case other(host: String, reason: String)

    public var description: String {
        switch self {
        case .unknownHost(let host): "cannot find host \(host): the name does not resolve"
        case .connectionRefused(let host): "cannot connect to \(host): connection refused"
        case .tlsFailure(let host, let reason): "TLS handshake with \(host) failed: \(reason)"
        case .timeout(let host, let seconds): "\(host) did not answer within \(seconds) s"
        case .connectionLost(let host, let reason): "the connection to \(host) broke off: \(reason)"
        case .plainHTTPRefused(let host): "refusing to send credentials to \(host) over plain HTTP"
        case .unreadableCertificate(let path, let reason): "cannot read CA certificate \(path): \(reason)"
        case .other(let host, let reason): "request to \(host) failed: \(reason)"
        }
    }

    /// What to do about it.
    public var hint: String {
        switch self {
        case .unknownHost(let host):
            "check the spelling (DevOps-as-a-Service hosts look like registry-CUSTOMER.devops.t-systems.net), your DNS and VPN; \(host) must resolve from this machine"
        case .connectionRefused(let host):
            "is Harbor reachable at \(host)? Check the port, a proxy or firewall, and whether the service is up"
        case .tlsFailure(let host, _):
            "if \(host) uses a company CA, trust it: pass --ca-file CA.pem, set SSL_CERT_FILE, or put it in /etc/docker/certs.d/\(host)/ca.crt (docker uses the same place)"
        case .timeout:
            "the server may be overloaded or a proxy may hold the connection; try again, or raise --timeout"
        case .connectionLost:
            "try again; if it persists, a proxy between you and Harbor may cut connections"
        case .plainHTTPRefused:
            "use HTTPS; plain HTTP is only allowed to localhost and 127.0.0.0/8"
        case .unreadableCertificate:
            "give a readable PEM file with --ca-file or SSL_CERT_FILE"
        case .other:
            "run again with -D (docker) or --debug (helm) for details"
        }
    }

    /// Whether trying plain HTTP next makes sense (loopback only): the peer did not speak TLS.
    /// A certificate problem is a TLS server's answer and must be reported, not worked around.
    var suggestsPlainHTTP: Bool {
        switch self {
        case .tlsFailure(_, let reason): reason == TransportError.notTLS
        case .connectionLost: true
        default: false
        }
    }

    static let notTLS = "the server does not speak TLS on this port"
}
