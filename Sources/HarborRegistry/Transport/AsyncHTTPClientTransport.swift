import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// The bottom of the transport stack: sends a request with AsyncHTTPClient and hands the answer
/// up as soon as its head arrives.
///
/// Interim version: no proxy, TLS, fail-fast or per-phase timeout handling of its own yet
/// (those layers are being built); it exists so code above the `HTTPTransport` seam can be
/// written and tested against real servers now.
public final class AsyncHTTPClientTransport: HTTPTransport {
    let client: HTTPClient

    public init(client: HTTPClient) {
        self.client = client
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = request.method
        outgoing.headers = request.headers
        if let body = request.body {
            let chunks = try body.makeChunks()
            if let length = body.length {
                outgoing.body = .stream(chunks, length: .known(length))
            } else {
                outgoing.body = .stream(chunks, length: .unknown)
            }
        }
        let deadline = request.deadline ?? .now() + .hours(1)
        let response = try await client.execute(outgoing, deadline: deadline)
        let body = response.body
        return HTTPResponse(
            status: response.status,
            headers: response.headers,
            body: ResponseBody {
                var iterator = body.makeAsyncIterator()
                return { try await iterator.next() }
            },
            request: request)
    }
}
