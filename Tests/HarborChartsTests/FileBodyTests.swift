import Foundation
import HarborTestSupport
import NIOCore
import Testing

import HarborCharts

/// The upload body read from a file: exact bytes of any range, read again on a retry, and never
/// more than a few pieces ahead of what the connection has written.
@Suite("File bodies")
struct FileBodyTests {
    static func file(bytes count: Int, in scratch: Scratch) throws -> (URL, [UInt8]) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let url = scratch.path("blob.bin")
        try Data(bytes).write(to: url)
        return (url, bytes)
    }

    static func collect(_ body: RequestBodyFactory) async throws -> [UInt8] {
        var result: [UInt8] = []
        for try await piece in try body() { result += piece.readableBytesView }
        return result
    }

    typealias RequestBodyFactory = () throws -> AsyncThrowingStream<ByteBuffer, any Error>

    @Test("every byte of the range, in order, for sizes around the piece size; again on a second read", arguments: [
        (0, 1), (0, 65_536), (0, 65_537), (1, 200_000), (131_071, 300_001), (0, 1_000_000),
    ])
    func range(_ offset: Int, _ length: Int) async throws {
        let scratch = try Scratch()
        let (url, bytes) = try Self.file(bytes: 1_500_000, in: scratch)
        let sent = SentBytes()
        let body = FileBody.make(file: url, offset: Int64(offset), length: Int64(length), progress: { sent.add($0) })
        #expect(body.length == Int64(length))
        #expect(body.isReplayable)
        let expected = Array(bytes[offset..<(offset + length)])
        #expect(try await Self.collect(body.makeChunks) == expected)
        #expect(try await Self.collect(body.makeChunks) == expected)
        #expect(sent.total == Int64(2 * length))
    }

    @Test("a consumer that holds on to the pieces gets no more than the ring holds")
    func boundedReadAhead() async throws {
        let scratch = try Scratch()
        let (url, _) = try Self.file(bytes: 2_000_000, in: scratch)
        let sent = SentBytes()
        let body = FileBody.make(file: url, length: 2_000_000, progress: { sent.add($0) })
        let stream = try body.makeChunks()
        let held = SentBytes()
        let consumer = Task {
            var pieces: [ByteBuffer] = []
            for try await piece in stream {
                pieces.append(piece)  // never let go, as a connection that cannot write
                held.add(1)
            }
            return pieces.count
        }
        // Wait for the ring to fill (the test runner's threads may be busy), then give the
        // reader time to run ahead if it could.
        let start = ContinuousClock.now
        while held.total < Int64(FileBody.ringSize), ContinuousClock.now - start < .seconds(60) {
            try await Task.sleep(for: .milliseconds(20))
        }
        // Fixed delay, on purpose: what is checked is that nothing happens (the reader does not run
        // past the ring), and an absence has no event to poll for. 300 ms is many times what
        // reading the next piece of a local file takes.
        try await Task.sleep(for: .milliseconds(300))
        #expect(held.total == Int64(FileBody.ringSize))
        #expect(sent.total == Int64(FileBody.ringSize * FileBody.pieceSize))
        consumer.cancel()
        _ = await consumer.result
    }

    @Test("a file that shrinks while it is sent is an error, not a short body")
    func shrinks() async throws {
        let scratch = try Scratch()
        let (url, _) = try Self.file(bytes: 100_000, in: scratch)
        let body = FileBody.make(file: url, length: 200_000)
        await #expect(throws: (any Error).self) { _ = try await Self.collect(body.makeChunks) }
    }
}
