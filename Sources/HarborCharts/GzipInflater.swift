import CZlib

/// Streaming gzip decompression (RFC 1952) with the system zlib: feed compressed chunks, get
/// decompressed bytes in bounded pieces, so a chart is never held in memory.
final class GzipInflater {
    private var stream = z_stream()
    private var finished = false
    private var output = [UInt8](repeating: 0, count: 64 * 1024)

    enum Failure: Error {
        case notGzip
        case corrupt(String)
        case truncated
    }

    init() throws {
        // 15 + 16: a 32 KiB window, and a gzip header and trailer (not zlib's).
        let status = inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw Failure.corrupt("zlib could not start (\(status))") }
    }

    deinit { inflateEnd(&stream) }

    /// Whether the gzip trailer has been read.
    var isFinished: Bool { finished }

    /// Decompresses `input`, handing the output to `sink` piece by piece. Bytes after the end of
    /// the gzip member are ignored, as Helm's reader sees only the first tar stream that matters.
    func inflate(_ input: UnsafeRawBufferPointer, into sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard !finished, input.count > 0 else { return }
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress!.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        while stream.avail_in > 0 && !finished {
            let produced: Int
            let status: Int32
            (status, produced) = output.withUnsafeMutableBytes { buffer in
                stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(buffer.count)
                let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                return (status, buffer.count - Int(stream.avail_out))
            }
            switch status {
            case Z_OK, Z_BUF_ERROR:
                break
            case Z_STREAM_END:
                finished = true
            case Z_DATA_ERROR:
                let detail = stream.msg.map { String(cString: $0) } ?? "invalid data"
                throw detail.contains("header") ? Failure.notGzip : Failure.corrupt(detail)
            default:
                throw Failure.corrupt("zlib error \(status)")
            }
            if produced > 0 {
                try output.withUnsafeBytes { try sink(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) }
            }
            if status == Z_BUF_ERROR && produced == 0 { break }
        }
        stream.next_in = nil
    }
}
