import Foundation
import HarborTestSupport
import Testing

import HarborCharts

/// Where this machine last saw each blob: bounded, private, and never in the way of a push.
@Suite("Blob source record")
struct BlobSourceRecordTests {
    static func digest(_ n: Int) -> String { "sha256:" + String(repeating: "0", count: 60) + String(format: "%04d", n) }

    @Test("most recent repository first, each once, at most five per blob; other hosts apart")
    func remembers() throws {
        let scratch = try Scratch()
        let record = BlobSourceRecord(root: scratch.url.path, host: "registry-acme.devops.t-systems.net")
        #expect(record.repositories(holding: Self.digest(1)).isEmpty)
        for repository in ["a/x", "b/x", "a/x", "c/x", "d/x", "e/x", "f/x"] { record.record([Self.digest(1)], in: repository) }
        #expect(record.repositories(holding: Self.digest(1)) == ["f/x", "e/x", "d/x", "c/x", "a/x"])
        #expect(BlobSourceRecord(root: scratch.url.path, host: "127.0.0.1:5000").repositories(holding: Self.digest(1)).isEmpty)
        #expect(record.path.hasSuffix("/registry-acme.devops.t-systems.net.json"))
        #expect(BlobSourceRecord(root: scratch.url.path, host: "127.0.0.1:5000").path.hasSuffix("/127.0.0.1%3A5000.json"))
    }

    @Test("readable by the user only, in a directory of the user's own")
    func privateFile() throws {
        let scratch = try Scratch()
        let root = scratch.path("cache/harbor/blob-sources").path
        let record = BlobSourceRecord(root: root, host: "h")
        record.record([Self.digest(1)], in: "p/r")
        let file = try FileManager.default.attributesOfItem(atPath: record.path)
        #expect((file[.posixPermissions] as? Int) == 0o600)
        let directory = try FileManager.default.attributesOfItem(atPath: root)
        #expect((directory[.posixPermissions] as? Int) == 0o700)
        #expect(!(try String(contentsOfFile: record.path, encoding: .utf8)).contains("secret"))
    }

    @Test("the oldest blobs go when the record is full")
    func bounded() throws {
        let scratch = try Scratch()
        let record = BlobSourceRecord(root: scratch.url.path, host: "h")
        record.record((0..<BlobSourceRecord.maxDigests).map(Self.digest), in: "p/r")
        record.record([Self.digest(0)], in: "q/r")  // recorded again: now the most recent
        record.record([Self.digest(9_999)], in: "p/r")
        #expect(record.repositories(holding: Self.digest(0)) == ["q/r", "p/r"])
        #expect(record.repositories(holding: Self.digest(1)).isEmpty)
        #expect(record.repositories(holding: Self.digest(9_999)) == ["p/r"])
        #expect(record.load().order.count == BlobSourceRecord.maxDigests)
    }

    @Test("a damaged record reads as empty and is replaced on the next push")
    func damaged() throws {
        let scratch = try Scratch()
        let record = BlobSourceRecord(root: scratch.url.path, host: "h")
        try "{not json".write(toFile: record.path, atomically: true, encoding: .utf8)
        #expect(record.repositories(holding: Self.digest(1)).isEmpty)
        record.record([Self.digest(1)], in: "p/r")
        #expect(record.repositories(holding: Self.digest(1)) == ["p/r"])
    }

    @Test("mount sources: never the target, its own project first")
    func order() {
        #expect(MountSourceFinder.ordered(["b/app", "team/app", "a/app", "team/old/app"], for: "team/app") == ["team/old/app", "b/app", "a/app"])
        #expect(MountSourceFinder.ordered(["teamx/app"], for: "team/app") == ["teamx/app"])
    }
}
