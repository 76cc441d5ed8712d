import AsyncHTTPClient
import Hummingbird
import NIOConcurrencyHelpers
import NIOCore

/// How a client's request body goes on to the child registry. AsyncHTTPClient asks the body for a
/// new iterator when it retries a request on a fresh connection (a pooled keep-alive connection
/// that the registry closed just as the request went out, which a loaded machine makes likely);
/// Hummingbird's request body can be read once, and a second iterator is a fatal error in
/// SwiftNIO's `NIOThrowingAsyncSequenceProducer` ("only allow a single Iterator"), which took the
/// sandbox down in a full test run. So a body of known, modest length (manifests, small blobs) is
/// read first and sent as bytes, which a retry can send again; a larger or chunked one is streamed
/// once, and a retry of it fails that one request with an error instead of crashing the sandbox.
enum ForwardedRequestBody {
    /// Bodies up to this many bytes are read before they are forwarded.
    static let bufferedLimit = 8 << 20

    static func make(for request: Request, method: String) async throws -> HTTPClientRequest.Body? {
        let declaredLength = request.headers[.contentLength].flatMap { Int64($0) }
        let chunked = request.headers[.transferEncoding]?.lowercased().contains("chunked") ?? false
        if let declaredLength, declaredLength > 0, declaredLength <= Int64(bufferedLimit) {
            return .bytes(try await request.body.collect(upTo: bufferedLimit))
        } else if let declaredLength, declaredLength > 0 {
            return .stream(ReadOnce(request.body), length: .known(declaredLength))
        } else if chunked {
            return .stream(ReadOnce(request.body), length: .unknown)
        } else if declaredLength == 0 && ["PUT", "POST", "PATCH"].contains(method) {
            return .bytes(ByteBuffer())
        }
        return nil
    }

    /// A body that hands out one iterator over the client's bytes; any later one throws.
    struct ReadOnce: AsyncSequence, Sendable {
        typealias Element = ByteBuffer
        let body: RequestBody
        let handedOut = NIOLockedValueBox(false)

        init(_ body: RequestBody) {
            self.body = body
        }

        func makeAsyncIterator() -> Iterator {
            let first = handedOut.withLockedValue { handedOut in
                defer { handedOut = true }
                return !handedOut
            }
            return Iterator(inner: first ? body.makeAsyncIterator() : nil)
        }

        struct Iterator: AsyncIteratorProtocol {
            var inner: RequestBody.AsyncIterator?

            mutating func next() async throws -> ByteBuffer? {
                guard inner != nil else { throw SecondReading() }
                return try await inner!.next()
            }
        }

        struct SecondReading: Error, CustomStringConvertible {
            var description: String { "the request body was already forwarded once and cannot be sent again" }
        }
    }
}
