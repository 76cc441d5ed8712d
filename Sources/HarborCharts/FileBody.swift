import Foundation
import HarborRegistry
import NIOCore

/// A request body streamed from a byte range of a file, read on demand (the upload asks for the
/// next piece only when it has sent the last), so a chart is never held in memory. Replayable: a
/// retry opens the file again from the range's first byte.
enum FileBody {
    static let pieceSize = 64 * 1024

    static func make(file: URL, offset: Int64 = 0, length: Int64, progress: (@Sendable (Int64) -> Void)? = nil) -> RequestBody {
        RequestBody(length: length) {
            let handle = try FileHandle(forReadingFrom: file)
            try handle.seek(toOffset: UInt64(offset))
            let reader = RangeReader(handle: handle, remaining: length, progress: progress)
            return AsyncThrowingStream(unfolding: {
                // Let the event loop take the last piece before the next is read.
                await Task.yield()
                return try reader.next()
            })
        }
    }

    /// Hands out the range piece by piece and closes the file at its end.
    private final class RangeReader: @unchecked Sendable {
        let handle: FileHandle
        var remaining: Int64
        let progress: (@Sendable (Int64) -> Void)?

        init(handle: FileHandle, remaining: Int64, progress: (@Sendable (Int64) -> Void)?) {
            self.handle = handle
            self.remaining = remaining
            self.progress = progress
        }

        deinit { try? handle.close() }

        func next() throws -> ByteBuffer? {
            guard remaining > 0 else { return nil }
            let want = Int(min(Int64(FileBody.pieceSize), remaining))
            guard let data = try handle.read(upToCount: want), !data.isEmpty else {
                throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "the file became shorter while it was being uploaded"])
            }
            remaining -= Int64(data.count)
            progress?(Int64(data.count))
            return ByteBuffer(bytes: data)
        }
    }
}
