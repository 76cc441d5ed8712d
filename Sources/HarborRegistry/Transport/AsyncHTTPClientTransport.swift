import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// The bottom of the transport stack: speaks HTTP/1.1 with AsyncHTTPClient, through the proxy the
/// environment names for each URL (one client per proxy), with the instance's TLS trust.
///
/// Fails fast: every address is dialled once (`retryConnectionEstablishment = false`), so a
/// refused port, an unknown host, an untrusted certificate or a dead proxy is reported at once
/// as a `ConnectionError`, never after the pool has re-dialled for its whole connect timeout.
/// Each phase has its own limit (`PhaseTimeouts`) and none runs past the command's deadline.
/// Redirects are not followed here (the authentication layer decides what may follow them).
public final class AsyncHTTPClientTransport: HTTPTransport, @unchecked Sendable {
    public let settings: ConnectionSettings
    private let tlsConfiguration: TLSConfiguration?
    private let lock = NSLock()
    private var clients: [ProxyServer?: HTTPClient] = [:]
    private var fixedClient: HTTPClient?
    private var isShutDown = false

    /// A transport with its own clients, built from `settings`. Throws when a CA or client
    /// certificate file cannot be read.
    public init(settings: ConnectionSettings) throws(TransportError) {
        self.settings = settings
        self.tlsConfiguration = try Self.makeTLSConfiguration(settings.trust)
    }

    /// A transport that sends everything through `client` (owned by the caller), direct.
    public init(client: HTTPClient) {
        self.settings = ConnectionSettings()
        self.tlsConfiguration = nil
        self.fixedClient = client
    }

    deinit {
        for client in clients.values { try? client.syncShutdown() }
    }

    /// Closes the connections. The transport cannot be used afterwards.
    public func shutdown() async {
        let owned: [HTTPClient] = lock.withLock {
            isShutDown = true
            defer { clients = [:] }
            return Array(clients.values)
        }
        for client in owned { try? await client.shutdown() }
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let target = try RequestTarget(request)
        if target.scheme == "http", !target.isLoopback, request.headers.contains(name: "Authorization") {
            throw ConnectionError(.plainHTTPRefused(host: target.hostAndPort), method: request.method.rawValue, url: request.url)
        }
        let proxy: ProxyServer?
        do {
            proxy = try settings.proxies.proxy(scheme: target.scheme, host: target.host, port: target.port)
        } catch {
            throw ConnectionError(.proxyMisconfigured(reason: error.description), method: request.method.rawValue, url: request.url)
        }
        let client = try self.client(for: proxy, request: request)

        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = request.method
        outgoing.headers = request.headers
        if let body = request.body {
            let chunks = try body.makeChunks()
            outgoing.body = .stream(chunks, length: body.length.map { .known($0) } ?? .unknown)
        }
        let deadline = [request.deadline, settings.deadline].compactMap { $0 }.min() ?? .now() + .hours(24)
        // The answer's head must arrive within the first-byte time (counted from sending, so a
        // connection that takes long to set up eats into it; the connect limit is separate).
        let headLimit = settings.timeouts.firstByte
        let prepared = outgoing
        let response: HTTPClientResponse
        do {
            response = try await withThrowingTaskGroup(of: HTTPClientResponse?.self) { group in
                group.addTask { try await client.execute(prepared, deadline: deadline) }
                group.addTask {
                    try await Task.sleep(for: headLimit)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let response = first else {
                    throw FirstByteTimeout()
                }
                return response
            }
        } catch {
            throw classify(error, request: request, target: target, proxy: proxy)
        }
        let body = response.body
        let settings = self.settings
        return HTTPResponse(
            status: response.status,
            headers: response.headers,
            body: ResponseBody {
                var iterator = body.makeAsyncIterator()
                return {
                    do {
                        return try await iterator.next()
                    } catch {
                        throw Self.classifyBodyError(error, request: request, target: target, settings: settings)
                    }
                }
            },
            request: request)
    }

    private struct FirstByteTimeout: Error {}

    private func client(for proxy: ProxyServer?, request: HTTPRequest) throws -> HTTPClient {
        if let fixedClient { return fixedClient }
        return try lock.withLock {
            guard !isShutDown else {
                throw ConnectionError(.other(host: "", reason: "the transport was shut down"), method: request.method.rawValue, url: request.url)
            }
            if let existing = clients[proxy] { return existing }
            var configuration = HTTPClient.Configuration(
                tlsConfiguration: tlsConfiguration,
                redirectConfiguration: .disallow,
                timeout: .init(connect: settings.timeouts.connect.timeAmount, read: settings.timeouts.idle.timeAmount),
                proxy: proxy.map { proxy -> HTTPClient.Configuration.Proxy in
                    HTTPClient.Configuration.Proxy.server(
                        host: proxy.host, port: proxy.port,
                        authorization: proxy.username.map { HTTPClient.Authorization.basic(username: $0, password: proxy.password ?? "") })
                })
            configuration.httpVersion = .http1Only
            configuration.connectionPool.retryConnectionEstablishment = false
            configuration.decompression = .disabled
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            clients[proxy] = client
            return client
        }
    }

    static func makeTLSConfiguration(_ trust: TLSTrust) throws(TransportError) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let directory = trust.systemCertificateDirectory {
            // The system's roots from OpenSSL's hashed directory: looked up by subject when a
            // certificate is verified, instead of parsing the whole bundle before every first
            // connection (~10 ms, which made a refused port take three times as long as docker's).
            tls.trustRoots = .file(directory)
        }
        var extra: [NIOSSLCertificate] = []
        for file in trust.caFiles {
            do {
                extra += try NIOSSLCertificate.fromPEMFile(file)
            } catch {
                throw TransportError.unreadableCertificate(path: file, reason: FileManager.default.isReadableFile(atPath: file) ? "not a PEM certificate" : "no such file or not readable")
            }
        }
        if !extra.isEmpty { tls.additionalTrustRoots = [.certificates(extra)] }
        if let identity = trust.clientIdentity {
            do {
                tls.certificateChain = try NIOSSLCertificate.fromPEMFile(identity.certificateFile).map { .certificate($0) }
            } catch {
                throw TransportError.unreadableCertificate(path: identity.certificateFile, reason: "not a PEM certificate")
            }
            do {
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: identity.keyFile, format: .pem))
            } catch {
                throw TransportError.unreadableCertificate(path: identity.keyFile, reason: "not a PEM private key")
            }
        }
        return tls
    }

    // MARK: - Errors

    private func classify(_ error: any Error, request: HTTPRequest, target: RequestTarget, proxy: ProxyServer?) -> any Error {
        if error is CancellationError { return error }
        if let error = error as? ConnectionError { return error }
        let reason: TransportError
        let seconds = settings.timeouts
        let host = target.hostAndPort
        if error is FirstByteTimeout {
            reason = .stalled(host: host, phase: .firstByte, seconds: seconds.firstByte.wholeSeconds)
        } else if let clientError = error as? HTTPClientError, let mapped = Self.clientErrorReason(clientError, host: host, proxy: proxy, settings: settings) {
            reason = mapped
        } else {
            let network = Self.networkReason(error, host: host)
            if let proxy, let network, network.isConnectPhase {
                // Nothing was reached but the proxy: the proxy is at fault, not Harbor.
                reason = .proxyFailure(proxy: proxy.description, host: host, reason: network.proxyWording(proxy))
            } else {
                reason = network ?? .other(host: host, reason: String(describing: error))
            }
        }
        return ConnectionError(reason, method: request.method.rawValue, url: request.url, cause: String(describing: error))
    }

    private static func classifyBodyError(_ error: any Error, request: HTTPRequest, target: RequestTarget, settings: ConnectionSettings) -> any Error {
        if error is CancellationError { return error }
        let host = target.hostAndPort
        let reason: TransportError
        if let clientError = error as? HTTPClientError, clientError == .readTimeout {
            reason = .stalled(host: host, phase: .idle, seconds: settings.timeouts.idle.wholeSeconds)
        } else if let clientError = error as? HTTPClientError, clientError == .deadlineExceeded {
            reason = .timeout(host: host, seconds: settings.commandTimeout?.wholeSeconds ?? 0)
        } else {
            reason = .connectionLost(host: host, reason: "the answer was cut off before its end")
        }
        return ConnectionError(reason, method: request.method.rawValue, url: request.url, cause: String(describing: error))
    }

    private static func clientErrorReason(_ error: HTTPClientError, host: String, proxy: ProxyServer?, settings: ConnectionSettings) -> TransportError? {
        let shownProxy = proxy?.description ?? "the proxy"
        switch error {
        case .connectTimeout:
            if let proxy { return .proxyFailure(proxy: proxy.description, host: host, reason: "no connection within \(settings.timeouts.connect.wholeSeconds) s") }
            return .stalled(host: host, phase: .connect, seconds: settings.timeouts.connect.wholeSeconds)
        case .readTimeout:
            return .stalled(host: host, phase: .firstByte, seconds: settings.timeouts.idle.wholeSeconds)
        case .deadlineExceeded:
            return .timeout(host: host, seconds: settings.commandTimeout?.wholeSeconds ?? 0)
        case .remoteConnectionClosed:
            return .connectionLost(host: host, reason: "the server closed the connection without answering")
        case .invalidProxyResponse:
            return .proxyFailure(
                proxy: shownProxy, host: host,
                reason: "the proxy refused to open a tunnel to \(host) (check that it allows this host and port"
                    + (proxy?.hasCredentials == true ? ", and the credentials in the proxy URL)" : ")"))
        case .proxyAuthenticationRequired:
            return .proxyFailure(proxy: shownProxy, host: host, reason: proxy?.hasCredentials == true ? "the proxy rejected the credentials in the proxy URL (407)" : "the proxy wants credentials (407): give them in the URL, http://USER:PASSWORD@HOST:PORT")
        case .httpProxyHandshakeTimeout:
            return .proxyFailure(proxy: shownProxy, host: host, reason: "the proxy did not answer the CONNECT request in time")
        default:
            return nil
        }
    }

    /// Connection-level failures: DNS, refused, TLS.
    static func networkReason(_ error: any Error, host: String) -> TransportError? {
        let bareHost = splitHostPort(host).host
        if let error = error as? NIOConnectionError {
            if error.connectionErrors.contains(where: { ($0.error as? IOError)?.errnoCode == ECONNREFUSED }) {
                return .connectionRefused(host: host)
            }
            if error.dnsAError != nil || error.dnsAAAAError != nil, error.connectionErrors.isEmpty {
                return .unknownHost(host: bareHost)
            }
            if let first = error.connectionErrors.first { return .connectionLost(host: host, reason: String(describing: first.error)) }
        }
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return .connectionRefused(host: host)
            case ECONNRESET, EPIPE: return .connectionLost(host: host, reason: "the connection was reset")
            default: break
            }
        }
        if String(describing: type(of: error)).contains("DNS") || "\(error)".contains("NIODNSError") || "\(error)".contains("dnsAError") {
            return .unknownHost(host: bareHost)
        }
        if error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError {
            return .tlsFailure(host: host, reason: tlsReason(error))
        }
        if error is NIOSSLCloseTimedOutError { return .connectionLost(host: host, reason: "the TLS connection did not close cleanly") }
        return nil
    }

    static func tlsReason(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("WRONG_VERSION_NUMBER") || text.contains("wrong version number") || text.contains("HTTP_REQUEST") {
            return TransportError.notTLS
        }
        if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate verify failed") || text.contains("unable to get local issuer") {
            return "the server's certificate is not signed by a CA this machine trusts"
        }
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return "the server's certificate is not valid for this host name"
        }
        return text
    }
}

extension TransportError {
    /// Failures that happen before anything but the first hop was reached.
    var isConnectPhase: Bool {
        switch self {
        case .unknownHost, .connectionRefused, .stalled(_, .connect, _): true
        default: false
        }
    }

    /// The failure, worded as the proxy's.
    func proxyWording(_ proxy: ProxyServer) -> String {
        switch self {
        case .unknownHost: "the proxy's host name \(proxy.host) does not resolve"
        case .connectionRefused: "nothing listens at the proxy's address (connection refused)"
        case .stalled(_, .connect, let seconds): "no connection to the proxy within \(seconds) s"
        default: description
        }
    }
}

/// Scheme, host and port of a request's URL.
package struct RequestTarget: Sendable {
    package let scheme: String
    package let host: String
    package let port: Int

    init(_ request: HTTPRequest) throws(ConnectionError) {
        guard let target = Self.split(request.url) else {
            throw ConnectionError(.other(host: "", reason: "not an http(s) URL"), method: request.method.rawValue, url: request.url)
        }
        self = target
    }

    private init(scheme: String, host: String, port: Int) {
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// `scheme://[userinfo@]host[:port][/…]` split by hand (RFC 3986 §3.2). Foundation's
    /// `URLComponents.host` runs every host through ICU's IDNA mapping, which loads ICU's data
    /// (a MiB of memory) for URLs this client builds itself from an ASCII host name.
    private static func split(_ url: String) -> RequestTarget? {
        guard let separator = url.range(of: "://") else { return nil }
        let scheme = url[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        let rest = url[separator.upperBound...]
        var authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        let host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portText = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { return nil }
        var port = scheme == "https" ? 443 : 80
        if let portText, !portText.isEmpty {
            guard portText.allSatisfy(\.isASCII), let number = Int(portText), (1...65_535).contains(number) else { return nil }
            port = number
        }
        return RequestTarget(scheme: scheme, host: host.lowercased(), port: port)
    }

    package static func of(_ url: String) -> RequestTarget? { try? RequestTarget(HTTPRequest(url: url)) }

    package var isLoopback: Bool { host.lowercased() == "localhost" || IPAddress(host)?.isLoopback == true }

    /// `host[:port]` as in messages: the port only when it is not the scheme's default.
    package var hostAndPort: String {
        let shown = host.contains(":") ? "[\(host)]" : host
        return port == (scheme == "https" ? 443 : 80) ? shown : "\(shown):\(port)"
    }

    /// `host:port`, lower-cased, the port always given: what decides whether two URLs belong to
    /// the same server for credentials. The scheme is left out on purpose: a loopback instance
    /// may be reached over http:// after the fallback and is still the same server.
    var origin: String {
        let shown = host.contains(":") ? "[\(host)]" : host
        return "\(shown.lowercased()):\(port)"
    }
}
