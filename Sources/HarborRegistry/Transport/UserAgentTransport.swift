import HarborCore
import NIOHTTP1

/// Names the plugin and its version on every request (`docker-harbor/0.1.0`), as
/// go-containerregistry's `transport.NewUserAgent` layer does (pkg/v1/remote/transport/useragent.go),
/// so that Harbor's audit log and a proxy's log say who asked. The lowest layer: token requests,
/// redirects and retries carry it too.
public struct UserAgentTransport: HTTPTransport {
    let inner: any HTTPTransport
    public let userAgent: String

    public init(inner: any HTTPTransport, userAgent: String) {
        self.inner = inner
        self.userAgent = userAgent
    }

    /// `PRODUCT/VERSION`: `docker-harbor/0.1.0`, `helm-harbor/0.1.0`.
    public static func named(_ product: String) -> String { "\(product)/\(HarborVersion.current)" }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var request = request
        request.headers.replaceOrAdd(name: "User-Agent", value: userAgent)
        return try await inner.send(request)
    }
}
