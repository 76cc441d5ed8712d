import Foundation
import HarborCore
import NIOHTTP1

/// `-D` (docker) and `--debug`/`HELM_DEBUG` (Helm): one line per HTTP exchange, written to the
/// sink the command hands in (its error output), e.g.
///
///     debug: GET https://harbor.example.com/service/token → 200 in 41 ms (auth: Basic; token scope: repository:pkey/app:pull,push; proxy: http://proxy:3128; CA: system, /etc/docker/certs.d/harbor.example.com/ca.crt)
///
/// Sits below the retry and loopback-fallback layers, so every attempt shows, the token
/// requests of the authentication layer included. Never shows a header value: of
/// `Authorization` only the scheme, URLs without user info and query (`TraceRedaction`); the
/// token scope is taken from the query, since it names what was asked for, not a secret.
public struct TracingTransport: HTTPTransport {
    public typealias Sink = @Sendable (String) -> Void

    let inner: any HTTPTransport
    let sink: Sink
    let proxies: ProxySelection
    let trust: TLSTrust

    public init(inner: any HTTPTransport, sink: @escaping Sink, proxies: ProxySelection, trust: TLSTrust) {
        self.inner = inner
        self.sink = sink
        self.proxies = proxies
        self.trust = trust
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let clock = ContinuousClock()
        let start = clock.now
        let head = "\(request.method.rawValue) \(TraceRedaction.redactURL(in: RedactedURL.redact(request.url)))"
        do {
            let response = try await inner.send(request)
            let status = "\(response.status.code)" + (response.status.reasonPhrase.isEmpty ? "" : " \(response.status.reasonPhrase)")
            sink("debug: \(head) → \(status) in \(Self.milliseconds(clock.now - start)) ms (\(context(of: request)))")
            return response
        } catch {
            let reason = (error as? any UserFacingError)?.message ?? String(describing: type(of: error))
            sink("debug: \(head) → failed after \(Self.milliseconds(clock.now - start)) ms: \(TraceRedaction.redact(reason)) (\(context(of: request)))")
            throw error
        }
    }

    /// Authentication scheme, token scope, proxy and trust of `request`.
    func context(of request: HTTPRequest) -> String {
        var parts: [String] = []
        let scheme = request.headers.first(name: "Authorization")?.split(separator: " ").first.map(String.init)
        parts.append("auth: \(scheme ?? "none")")
        let scopes = Self.tokenScopes(request.url)
        if !scopes.isEmpty { parts.append("token scope: \(scopes.joined(separator: " "))") }
        if let target = RequestTarget.of(request.url) {
            let proxy = (try? proxies.proxy(scheme: target.scheme, host: target.host, port: target.port)) ?? nil
            parts.append("proxy: \(proxy?.description ?? "direct")")
            parts.append(target.scheme == "https" ? "CA: \(trustDescription)" : "plain HTTP")
        }
        return parts.joined(separator: "; ")
    }

    /// `system` (with the directory it is read from, when hashed), then each extra CA file.
    var trustDescription: String {
        let system = trust.systemCertificateDirectory.map { "system (\($0))" } ?? "system"
        return ([system] + trust.caFiles).joined(separator: ", ")
            + (trust.clientIdentity.map { "; client certificate \($0.certificateFile)" } ?? "")
    }

    /// The `scope` parameters of a token request.
    static func tokenScopes(_ url: String) -> [String] {
        guard url.contains("scope="), let items = URLComponents(string: url)?.queryItems else { return [] }
        return items.filter { $0.name == "scope" }.compactMap(\.value)
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}
