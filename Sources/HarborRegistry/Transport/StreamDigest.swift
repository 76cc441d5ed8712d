import Crypto
import Foundation
import HarborCore
import NIOCore

/// SHA-256 of a body computed while it streams, for uploads (the digest is known when the last
/// byte has gone, without a second pass) and downloads (checked against the expected digest and
/// size inside the stream, as go-containerregistry's verifying reader does).
public final class StreamDigest: @unchecked Sendable {
    private let lock = NSLock()
    private var hasher = SHA256()
    private var count: Int64 = 0
    private var finished: HarborCore.Digest?

    public init() {}

    func update(_ chunk: ByteBuffer) {
        lock.withLock {
            chunk.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
            count += Int64(chunk.readableBytes)
        }
    }

    func finish() -> HarborCore.Digest {
        lock.withLock {
            if let finished { return finished }
            let hex = HexEncoding.lowercase(hasher.finalize())
            let digest = try! HarborCore.Digest(parsing: "sha256:" + hex)
            finished = digest
            return digest
        }
    }

    /// The digest, once the whole body has streamed.
    public var digest: HarborCore.Digest? { lock.withLock { finished } }
    /// Bytes seen so far.
    public var byteCount: Int64 { lock.withLock { count } }
}

extension RequestBody {
    /// The same body, hashed as it streams: each replay starts a fresh `StreamDigest`, handed to
    /// `observe` before the first byte.
    public func digesting(_ observe: @escaping @Sendable (StreamDigest) -> Void) -> RequestBody {
        let source = self
        return RequestBody(length: length, isReplayable: isReplayable) {
            let digest = StreamDigest()
            observe(digest)
            let upstream = try source.makeChunks()
            return AsyncThrowingStream { continuation in
                let task = Task {
                    do {
                        for try await chunk in upstream {
                            digest.update(chunk)
                            continuation.yield(chunk)
                        }
                        _ = digest.finish()
                        continuation.finish()
                    } catch {
                        continuation.finish(throwing: error)
                    }
                }
                continuation.onTermination = { _ in task.cancel() }
            }
        }
    }
}

/// A download whose bytes do not match what was asked for.
public struct ContentMismatchError: Error, Sendable, Equatable, CustomStringConvertible {
    public let expectedDigest: HarborCore.Digest
    public let actualDigest: HarborCore.Digest?
    public let expectedSize: Int64?
    public let actualSize: Int64

    public var description: String {
        if let expectedSize, actualSize != expectedSize {
            return "the content of \(expectedDigest) has \(actualSize) bytes, not the \(expectedSize) announced"
        }
        return "the content announced as \(expectedDigest) hashes to \(actualDigest.map(String.init(describing:)) ?? "something else")"
    }
}

extension ResponseBody {
    /// The same body, failing with `ContentMismatchError` at the end (or as soon as it grows past
    /// `size`) when the bytes do not hash to `digest`.
    public func verifying(digest expected: HarborCore.Digest, size: Int64?) -> ResponseBody {
        let source = self
        return ResponseBody {
            var iterator = source.makeAsyncIterator()
            let digest = StreamDigest()
            var done = false
            return {
                if done { return nil }
                if let chunk = try await iterator.next() {
                    digest.update(chunk)
                    if let size, digest.byteCount > size {
                        done = true
                        throw ContentMismatchError(expectedDigest: expected, actualDigest: nil, expectedSize: size, actualSize: digest.byteCount)
                    }
                    return chunk
                }
                done = true
                let actual = digest.finish()
                if let size, digest.byteCount != size {
                    throw ContentMismatchError(expectedDigest: expected, actualDigest: actual, expectedSize: size, actualSize: digest.byteCount)
                }
                guard actual == expected else {
                    throw ContentMismatchError(expectedDigest: expected, actualDigest: actual, expectedSize: size, actualSize: digest.byteCount)
                }
                return nil
            }
        }
    }
}
