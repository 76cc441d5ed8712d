import NIOCore
import NIOHTTP1

/// One step of the transport stack. Every layer (proxy selection, TLS, authentication, retry)
/// and the bottom layer that speaks HTTP conform to it and wrap the layer below, as
/// go-containerregistry's `http.RoundTripper` chain does. Commands get the stack through
/// `CommandContext`, so tests can hand in their own.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the answer as soon as its head has arrived; the body streams.
    /// Each layer throws its own typed error (carrying the method, the redacted URL and the cause).
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

/// A request as the layers see it.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// Absolute URL. Never carries credentials (they travel in headers, added by the auth layer).
    public var url: String
    public var headers: HTTPHeaders
    public var body: RequestBody?
    /// When the whole operation must be over (the command's `--timeout`); layers stop retrying
    /// and waiting past it.
    public var deadline: NIODeadline?

    public init(method: HTTPMethod = .GET, url: String, headers: HTTPHeaders = [:], body: RequestBody? = nil, deadline: NIODeadline? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.deadline = deadline
    }

    /// Whether sending the request again cannot do harm: idempotent methods, and bodies that can be
    /// produced again from the start.
    public var isReplayable: Bool {
        switch method {
        case .GET, .HEAD, .OPTIONS, .PUT, .DELETE: body?.isReplayable ?? true
        default: false
        }
    }
}

/// A request body produced by a factory, so that a retry can stream it again from the start
/// (ContainerizationOCI's body-factory idea).
public struct RequestBody: Sendable {
    /// Bytes in all, when known (sent as Content-Length; otherwise chunked).
    public let length: Int64?
    /// Whether `makeChunks` may be called more than once.
    public let isReplayable: Bool
    /// A new stream of the body's bytes, from the first byte.
    public let makeChunks: @Sendable () throws -> AsyncThrowingStream<ByteBuffer, any Error>

    public init(length: Int64?, isReplayable: Bool = true, makeChunks: @escaping @Sendable () throws -> AsyncThrowingStream<ByteBuffer, any Error>) {
        self.length = length
        self.isReplayable = isReplayable
        self.makeChunks = makeChunks
    }

    /// A body held in memory (small JSON documents, manifests).
    public static func bytes(_ bytes: [UInt8]) -> RequestBody {
        RequestBody(length: Int64(bytes.count)) {
            AsyncThrowingStream { continuation in
                continuation.yield(ByteBuffer(bytes: bytes))
                continuation.finish()
            }
        }
    }
}

/// An answer: status and headers at once, the body as a stream of chunks read on demand.
public struct HTTPResponse: Sendable {
    public var status: HTTPResponseStatus
    public var headers: HTTPHeaders
    public var body: ResponseBody
    /// The request this answers (after every layer's changes), for error messages.
    public var request: HTTPRequest

    public init(status: HTTPResponseStatus, headers: HTTPHeaders, body: ResponseBody, request: HTTPRequest) {
        self.status = status
        self.headers = headers
        self.body = body
        self.request = request
    }
}

/// The body of an answer, read once, chunk by chunk.
public struct ResponseBody: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer

    public struct AsyncIterator: AsyncIteratorProtocol {
        let nextChunk: () async throws -> ByteBuffer?
        public mutating func next() async throws -> ByteBuffer? { try await nextChunk() }
    }

    private let makeIteratorClosure: @Sendable () -> AsyncIterator

    /// A body whose chunks come from `makeNext()`'s closure (called once per read).
    public init(_ makeNext: @escaping @Sendable () -> (() async throws -> ByteBuffer?)) {
        makeIteratorClosure = { AsyncIterator(nextChunk: makeNext()) }
    }

    public func makeAsyncIterator() -> AsyncIterator { makeIteratorClosure() }

    /// A body held in memory.
    public static func bytes(_ bytes: [UInt8]) -> ResponseBody {
        ResponseBody {
            var pending: [UInt8]? = bytes
            return {
                defer { pending = nil }
                return pending.map { ByteBuffer(bytes: $0) }
            }
        }
    }

    public static let empty = ResponseBody.bytes([])

    /// Reads what is left and drops it, so the connection can carry the next request; an answer
    /// that is cut off or longer than 1 MiB is left as it is.
    public func discard() async {
        _ = try? await collect(upTo: 1 << 20)
    }

    /// The whole body, or an error when it is longer than `limit` bytes (a registry that sends
    /// megabytes of error page is not read into memory).
    public func collect(upTo limit: Int) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in self {
            guard bytes.count + chunk.readableBytes <= limit else { throw BodyTooLarge(limit: limit) }
            bytes.append(contentsOf: chunk.readableBytesView)
        }
        return bytes
    }

    public struct BodyTooLarge: Error, Sendable, CustomStringConvertible {
        public let limit: Int
        public var description: String { "the answer is longer than \(limit) bytes" }
    }
}
