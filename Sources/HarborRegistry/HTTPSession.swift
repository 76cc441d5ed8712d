import AsyncHTTPClient
import Foundation
import HarborCore
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One answer from a server.
public struct HTTPReply: Sendable {
    public let status: Int
    public let headers: [(String, String)]
    public let body: [UInt8]

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// An HTTP client for one instance: trusts the system's CAs plus the instance's extra ones,
/// never follows redirects (credentials must not travel to another host), answers within
/// `timeout`, and turns network failures into `TransportError`s.
public final class HTTPSession: Sendable {
    let client: HTTPClient
    public let timeout: Duration

    public init(trust: TrustedCertificates, timeout: Duration = .seconds(30)) throws(TransportError) {
        var tls = TLSConfiguration.makeClientConfiguration()
        var extra: [NIOSSLCertificate] = []
        for file in trust.files {
            do {
                extra += try NIOSSLCertificate.fromPEMFile(file)
            } catch {
                throw TransportError.unreadableCertificate(path: file, reason: "\(error)")
            }
        }
        if !extra.isEmpty { tls.additionalTrustRoots = [.certificates(extra)] }
        let seconds = Int64(timeout.components.seconds)
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls,
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(min(seconds, 10)), read: .seconds(seconds)))
        configuration.httpVersion = .http1Only
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.timeout = timeout
    }

    deinit {
        try? client.syncShutdown()
    }

    public func shutdown() async {
        try? await client.shutdown()
    }

    /// GET `url`, with an `Authorization` header when given. Reads at most `limit` bytes of body.
    public func get(_ url: String, authorization: String? = nil, accept: String? = nil, limit: Int = 8 << 20) async throws(TransportError) -> HTTPReply {
        let host = Self.hostAndPort(of: url)
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        request.headers.add(name: "User-Agent", value: "harbor-plugins/\(HarborVersion.current)")
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        if let accept { request.headers.add(name: "Accept", value: accept) }
        do {
            let response = try await client.execute(request, timeout: .seconds(Int64(timeout.components.seconds)))
            let body = try await response.body.collect(upTo: limit)
            return HTTPReply(
                status: Int(response.status.code),
                headers: response.headers.map { ($0.name, $0.value) },
                body: Array(body.readableBytesView))
        } catch {
            throw Self.classify(error, host: host, seconds: Int(timeout.components.seconds))
        }
    }

    /// `host[:port]` of a URL, for messages.
    static func hostAndPort(of url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else { return url }
        let shown = host.contains(":") ? "[\(host)]" : host
        return components.port.map { "\(shown):\($0)" } ?? shown
    }

    static func classify(_ error: any Error, host: String, seconds: Int) -> TransportError {
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout, .readTimeout, .deadlineExceeded, .writeTimeout: return .timeout(host: host, seconds: seconds)
            case .remoteConnectionClosed: return .connectionLost(host: host, reason: "the server closed the connection")
            default: break
            }
        }
        if let error = error as? NIOConnectionError {
            if error.dnsAError != nil || error.dnsAAAAError != nil, error.connectionErrors.isEmpty {
                return .unknownHost(host: host.split(separator: ":").first.map(String.init) ?? host)
            }
            if error.connectionErrors.contains(where: { ($0.error as? IOError)?.errnoCode == ECONNREFUSED }) {
                return .connectionRefused(host: host)
            }
        }
        if let error = error as? IOError, error.errnoCode == ECONNREFUSED { return .connectionRefused(host: host) }
        if error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError {
            return .tlsFailure(host: host, reason: tlsReason(error))
        }
        if error is NIOSSLCloseTimedOutError { return .timeout(host: host, seconds: seconds) }
        let text = String(describing: error)
        if text.contains("NIOConnectionError") || text.contains("connectTimeout") { return .timeout(host: host, seconds: seconds) }
        if text.localizedCaseInsensitiveContains("ssl") || text.localizedCaseInsensitiveContains("tls") || text.contains("certificate") {
            return .tlsFailure(host: host, reason: text)
        }
        if text.contains("EOF") || text.contains("closed") || text.contains("reset") {
            return .connectionLost(host: host, reason: text)
        }
        return .other(host: host, reason: text)
    }

    static func tlsReason(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate verify failed") || text.contains("unable to get local issuer") {
            return "the server's certificate is not signed by a CA this machine trusts"
        }
        if text.contains("WRONG_VERSION_NUMBER") || text.contains("wrong version number") || text.contains("HTTP_REQUEST") {
            return TransportError.notTLS
        }
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return "the server's certificate is not valid for this host name"
        }
        return text
    }
}
