import Foundation
import HarborCore
import HarborRegistry
import NIOCore
import Testing

/// Hashing while streaming: uploads know their digest at the end, downloads are checked.
struct StreamDigestTests {
    // sha256("hello world"), as `printf 'hello world' | sha256sum` prints it.
    static let helloDigest = try! Digest(parsing: "sha256:b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9")

    static func chunks(_ parts: [String]) -> RequestBody {
        RequestBody(length: Int64(parts.joined().utf8.count)) {
            AsyncThrowingStream { continuation in
                for part in parts { continuation.yield(ByteBuffer(string: part)) }
                continuation.finish()
            }
        }
    }

    final class Box: @unchecked Sendable {
        let lock = NSLock()
        var digests: [StreamDigest] = []
    }

    @Test func uploadBodyIsHashedAsItStreamsAndAgainOnReplay() async throws {
        let box = Box()
        let body = Self.chunks(["hello", " ", "world"]).digesting { digest in box.lock.withLock { box.digests.append(digest) } }
        for _ in 0..<2 {
            var bytes: [UInt8] = []
            for try await chunk in try body.makeChunks() { bytes += chunk.readableBytesView }
            #expect(String(decoding: bytes, as: UTF8.self) == "hello world")
        }
        let digests = box.lock.withLock { box.digests }
        #expect(digests.count == 2)
        #expect(digests.allSatisfy { $0.digest == Self.helloDigest && $0.byteCount == 11 })
    }

    @Test func downloadMatchingItsDigestPasses() async throws {
        let body = ResponseBody.bytes(Array("hello world".utf8)).verifying(digest: Self.helloDigest, size: 11)
        #expect(try await body.collect(upTo: 100) == Array("hello world".utf8))
    }

    @Test(arguments: [("hello worle", Int64(11)), ("hello world!", Int64(11)), ("hello world", Int64(12))])
    func downloadThatDoesNotMatchFails(content: String, size: Int64) async {
        let body = ResponseBody.bytes(Array(content.utf8)).verifying(digest: Self.helloDigest, size: size)
        await #expect(throws: ContentMismatchError.self) { _ = try await body.collect(upTo: 100) }
    }
}
