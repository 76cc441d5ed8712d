import Foundation

/// The one place plain HTTP is tried: an https:// request to a loopback address whose server
/// answered the TLS hello in plain HTTP (a definite "not TLS", BoringSSL's WRONG_VERSION_NUMBER)
/// is sent once more over http://, and later requests to that server go there directly. That is
/// docker's behaviour for local registries (docker/docker registry/service_v2.go, config.go, as
/// vendored in docker/cli v28.2.2), at the cost of one round trip. Nothing else falls back: a
/// refused port, a certificate problem or any other host is reported as it is.
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

    /// Sends requests to `url`'s server over plain HTTP from the first one, without the TLS
    /// attempt: for a loopback address the user wrote as `http://`. Other hosts stay on TLS.
    public func startPlain(for url: String) {
        guard let target = RequestTarget.of(url), target.isLoopback else { return }
        _ = lock.withLock { plainOrigins.insert(target.origin) }
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

    /// The same URL over `http://`, keeping the port the TLS attempt used (443 when none was
    /// given). Rewritten as text: Foundation's URLComponents maps the host through ICU's IDNA
    /// tables on the way, which costs a MiB of memory for an ASCII loopback name.
    package static func plain(_ request: HTTPRequest) -> HTTPRequest {
        var plain = request
        guard request.url.lowercased().hasPrefix("https://") else { return plain }
        let rest = request.url.dropFirst("https://".count)
        let end = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        var authority = String(rest[..<end])
        let hostAndPort = authority.split(separator: "@", omittingEmptySubsequences: false).last.map(String.init) ?? authority
        let hasPort = hostAndPort.hasPrefix("[") ? hostAndPort.contains("]:") : hostAndPort.contains(":")
        if !hasPort { authority += ":443" }
        plain.url = "http://" + authority + rest[end...]
        return plain
    }
}
