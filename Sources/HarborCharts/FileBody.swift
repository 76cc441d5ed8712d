import Foundation
import HarborRegistry
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// A request body streamed from a byte range of a file, read on demand, so a chart is never held
/// in memory. Replayable: a retry opens the file again from the range's first byte.
///
/// Memory stays bounded however fast the disk and however slow the network: the pieces are read
/// straight into a small ring of buffers (`ringSize` × `pieceSize`), and a buffer is filled again
/// only once the connection has written it and let it go (its storage is uniquely ours again).
/// A plain stream of fresh buffers queues pieces faster than the event loop writes them: a 90 MiB
/// push then held up to 6 MiB of pieces in flight.
package enum FileBody {
    package static let pieceSize = 64 * 1024
    package static let ringSize = 4

    package static func make(file: URL, offset: Int64 = 0, length: Int64, progress: (@Sendable (Int64) -> Void)? = nil) -> RequestBody {
        RequestBody(length: length) {
            let reader = try RangeReader(path: file.path, offset: offset, remaining: length, progress: progress)
            return AsyncThrowingStream(unfolding: { try await reader.next() })
        }
    }

    /// Hands out the range piece by piece and closes the file at its end.
    private final class RangeReader: @unchecked Sendable {
        let descriptor: Int32
        var position: Int64
        var remaining: Int64
        let progress: (@Sendable (Int64) -> Void)?
        var ring: [ByteBuffer]
        var slot = 0

        init(path: String, offset: Int64, remaining: Int64, progress: (@Sendable (Int64) -> Void)?) throws {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw CocoaError(.fileReadNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "cannot open \(path): \(String(cString: strerror(errno)))"])
            }
            self.descriptor = descriptor
            self.position = offset
            self.remaining = remaining
            self.progress = progress
            let pieces = Int(min(Int64(FileBody.ringSize), max(1, (remaining + Int64(FileBody.pieceSize) - 1) / Int64(FileBody.pieceSize))))
            let capacity = Int(min(Int64(FileBody.pieceSize), max(remaining, 1)))
            ring = (0..<pieces).map { _ in ByteBufferAllocator().buffer(capacity: capacity) }
        }

        deinit { close(descriptor) }

        func next() async throws -> ByteBuffer? {
            guard remaining > 0 else { return nil }
            let want = Int(min(Int64(FileBody.pieceSize), remaining))
            // Wait until the connection has let go of the oldest buffer: the event loop writes the
            // pieces in order, so the oldest one is the first to come free.
            var waited = 0
            while true {
                let filled: Int? = try ring[slot].modifyIfUniquelyOwned { buffer in
                    buffer.clear()
                    return try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: want) { target in
                        try Self.read(descriptor, into: UnsafeMutableRawBufferPointer(rebasing: target.prefix(want)), at: position)
                    }
                }
                if let filled {
                    guard filled == want else {
                        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "the file became shorter while it was being uploaded"])
                    }
                    position += Int64(filled)
                    remaining -= Int64(filled)
                    progress?(Int64(filled))
                    let piece = ring[slot]
                    slot = (slot + 1) % ring.count
                    return piece
                }
                // Still being written: give the event loop a moment (first a plain yield, then
                // short sleeps, so a slow network does not cost a busy core).
                waited += 1
                if waited < 8 {
                    await Task.yield()
                } else {
                    try await Task.sleep(for: .microseconds(waited < 64 ? 50 : 500))
                }
            }
        }

        /// `pread` until `target` is full or the file ends; the number of bytes read.
        private static func read(_ descriptor: Int32, into target: UnsafeMutableRawBufferPointer, at offset: Int64) throws -> Int {
            var done = 0
            while done < target.count {
                let count = pread(descriptor, target.baseAddress! + done, target.count - done, off_t(offset) + off_t(done))
                if count < 0 {
                    if errno == EINTR { continue }
                    throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "cannot read the file: \(String(cString: strerror(errno)))"])
                }
                if count == 0 { break }
                done += count
            }
            return done
        }
    }
}
