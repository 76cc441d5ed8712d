import Foundation

/// The one place plain HTTP is tried: an https:// request to a loopback address whose server
/// answered the TLS hello in plain HTTP (a definite "not TLS", BoringSSL's WRONG_VERSION_NUMBER)
/// is sent once more over http://, and later requests to that server go there directly. That is
/// docker's behaviour for local registries (docker-plugins.md §6.6), at the cost of one round
/// trip. Nothing else falls back: a refused port, a certificate problem or any other host is
/// reported as it is.
public final class LoopbackPlainHTTPFallback: HTTPTransport, @unchecked Sendable {
    let inner: any HTTPTransport
    private let lock = NSLock()
    private var plainOrigins: Set<String> = []

    public init(inner: any HTTPTransport) {
        self.inner = inner
    }

    /// Whether requests to `url`'s server now go over plain HTTP.
    public func usesPlainHTTP(for url: String) -> Bool {
        guard let target = RequestTarget.of(url) else { return false }
        return lock.withLock { plainOrigins.contains(target.origin) }
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let target = RequestTarget.of(request.url), target.scheme == "https", target.isLoopback else {
            return try await inner.send(request)
        }
        if lock.withLock({ plainOrigins.contains(target.origin) }) {
            return try await inner.send(Self.plain(request))
        }
        do {
            return try await inner.send(request)
        } catch let error as ConnectionError where error.reason.isPlainHTTPAnswer && (request.body?.isReplayable ?? true) {
            _ = lock.withLock { plainOrigins.insert(target.origin) }
            return try await inner.send(Self.plain(request))
        }
    }

    static func plain(_ request: HTTPRequest) -> HTTPRequest {
        var plain = request
        if var components = URLComponents(string: request.url) {
            let port = components.port ?? 443
            components.scheme = "http"
            components.port = port
            plain.url = components.string ?? request.url
        }
        return plain
    }
}
