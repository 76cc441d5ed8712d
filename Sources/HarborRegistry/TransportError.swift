import Foundation

/// Why a request to a Harbor instance did not get an answer, in terms a user can act on.
/// Never carries a secret: only the host, the proxy without its credentials, and the cause.
/// `ConnectionError` wraps it with the request it happened to.
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The host name does not resolve.
    case unknownHost(host: String)
    /// Nothing listens on the port.
    case connectionRefused(host: String)
    /// The TLS handshake failed (unknown CA, wrong host name, or not TLS at all).
    case tlsFailure(host: String, reason: String)
    /// The command's whole time limit (`--timeout`) ran out.
    case timeout(host: String, seconds: Int)
    /// One phase of a request took too long: connecting, waiting for the answer, or a pause in its body.
    case stalled(host: String, phase: TimeoutPhase, seconds: Int)
    /// The connection broke before a complete answer arrived.
    case connectionLost(host: String, reason: String)
    /// The proxy (shown without credentials) could not be reached or would not connect us.
    case proxyFailure(proxy: String, host: String, reason: String)
    /// A proxy variable cannot be used.
    case proxyMisconfigured(reason: String)
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
        case .stalled(let host, .connect, let seconds): "could not connect to \(host) within \(seconds) s"
        case .stalled(let host, .firstByte, let seconds): "\(host) did not answer within \(seconds) s (the connection is open, but no answer came)"
        case .stalled(let host, .idle, let seconds): "\(host) stopped sending for \(seconds) s in the middle of its answer"
        case .connectionLost(let host, let reason): "the connection to \(host) broke off: \(reason)"
        case .proxyFailure(let proxy, let host, let reason): "the proxy \(proxy) could not take us to \(host): \(reason)"
        case .proxyMisconfigured(let reason): reason
        case .plainHTTPRefused(let host): "refusing to send credentials to \(host) over plain HTTP"
        case .unreadableCertificate(let path, let reason): "cannot read certificate \(path): \(reason)"
        case .other(let host, let reason): "request to \(host) failed: \(reason)"
        }
    }

    /// What to do about it.
    public var hint: String? {
        switch self {
        case .unknownHost(let host):
            "check the spelling (DevOps-as-a-Service hosts look like registry-CUSTOMER.devops.t-systems.net), your DNS and VPN; \(host) must resolve from this machine (behind a proxy, set HTTPS_PROXY)"
        case .connectionRefused(let host):
            "is Harbor reachable at \(host)? Check the port, a proxy (HTTPS_PROXY, NO_PROXY) or firewall, and whether the service is up"
        case .tlsFailure(let host, _):
            "if \(host) uses a company CA, trust it: pass --ca-file CA.pem, set SSL_CERT_FILE, or put it in /etc/docker/certs.d/\(host)/ca.crt (docker uses the same place)"
        case .timeout:
            "the server may be overloaded or a proxy may hold the connection; try again, or raise --timeout"
        case .stalled:
            "the server or a proxy in between is not answering; try again, or raise --timeout"
        case .connectionLost:
            "try again; if it persists, a proxy between you and Harbor may cut connections"
        case .proxyFailure:
            "check HTTPS_PROXY (and NO_PROXY for hosts that must be reached directly); is the proxy running and does it allow this host?"
        case .proxyMisconfigured:
            "fix or unset the variable; it takes http://[USER:PASSWORD@]HOST:PORT"
        case .plainHTTPRefused:
            "use HTTPS; plain HTTP is only allowed to localhost and 127.0.0.0/8"
        case .unreadableCertificate:
            "give a readable PEM file with --ca-file or SSL_CERT_FILE, and keep client .cert/.key pairs together"
        case .other:
            "run again with -D (docker) or --debug (helm) for details"
        }
    }

    /// The peer answered a TLS hello in plain HTTP: the one case where a loopback host may be
    /// tried again over http://.
    public var isPlainHTTPAnswer: Bool {
        if case .tlsFailure(_, let reason) = self { return reason == TransportError.notTLS }
        return false
    }

    static let notTLS = "the server does not speak TLS on this port"
}

/// The phases of a request that each have their own time limit.
public enum TimeoutPhase: String, Sendable, Equatable {
    /// TCP (and proxy CONNECT, and TLS) until the connection is up.
    case connect
    /// From sending the request (connecting included) until the answer's head arrives.
    case firstByte
    /// Between two chunks of the answer's body.
    case idle
}

/// The bottom layer's error: what went wrong (`reason`) with the request it happened to.
public struct ConnectionError: Error, Sendable, CustomStringConvertible {
    public let reason: TransportError
    public let method: String
    /// The URL without credentials or query string.
    public let url: String
    /// The underlying library error, for `-D` output.
    public let cause: String?

    public init(_ reason: TransportError, method: String, url: String, cause: String? = nil) {
        self.reason = reason
        self.method = method
        self.url = RedactedURL.redact(url)
        self.cause = cause
    }

    public var description: String { reason.description }
    /// With the request and the cause, for `-D`/`--debug` output. The cause is the underlying
    /// library's error text, which names hosts and addresses, never headers.
    public var debugDetail: String? { "\(method) \(url): \(reason)" + (cause.map { " (\($0))" } ?? "") }
}

/// URLs as they may appear in messages: no user info, no query (token requests carry scopes and
/// could carry more).
public enum RedactedURL {
    public static func redact(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return url.split(separator: "?").first.map(String.init) ?? url }
        components.user = nil
        components.password = nil
        if components.query != nil { components.query = nil }
        return components.string ?? url
    }
}
