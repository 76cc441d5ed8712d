import Foundation
import HarborRegistry

/// For a loopback instance only: when HTTPS fails before any answer (a plain-HTTP server such as
/// the sandbox, or a local registry), the same request goes to `http://` — as docker does for
/// loopback registries, and as login's `HarborEndpoint.candidates` does. Remembers what worked
/// for the rest of the process. Never used for other hosts: a secret must not cross a network
/// in clear text.
final class LoopbackSchemeFallback: HTTPTransport, @unchecked Sendable {
    let next: any HTTPTransport
    private let lock = NSLock()
    private var usePlainHTTP = false

    init(over next: any HTTPTransport) { self.next = next }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let plain = lock.withLock { usePlainHTTP }
        guard request.url.hasPrefix("https://") else { return try await next.send(request) }
        if plain { return try await next.send(Self.plain(request)) }
        do {
            return try await next.send(request)
        } catch {
            let answer = try await next.send(Self.plain(request))
            lock.withLock { usePlainHTTP = true }
            return answer
        }
    }

    static func plain(_ request: HTTPRequest) -> HTTPRequest {
        var copy = request
        copy.url = "http://" + String(request.url.dropFirst("https://".count))
        return copy
    }
}
