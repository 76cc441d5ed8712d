import AsyncHTTPClient
import Foundation
import HarborRegistry
import HarborTestSupport
import Testing

import HarborCharts

/// The upload engine against a real registry (Debian's docker-registry on loopback, no auth), and
/// what we pushed read back by real Helm.
@Suite("Chart upload engine", .serialized)
struct UploadTests {
    static func uploader(_ registry: LocalRegistry, configure: (inout RegistryUploader.Options) -> Void = { _ in }) -> RegistryUploader {
        var options = RegistryUploader.Options()
        configure(&options)
        return RegistryUploader(transport: AsyncHTTPClientTransport(client: HTTPClient.shared), baseURL: registry.baseURL, options: options)
    }

    @Test("push, then real Helm 3.9.4 and 4.3.1 pull and show it; a re-push sends only the manifest")
    func pushAndPull() async throws {
        let registry = try await LocalRegistry.start()
        let scratch = try Scratch()
        let file = try await PackagedChart.make("demo", in: scratch)
        let archive = try ChartArchive.read(file)
        let target = try ChartTarget(host: registry.host, project: "team", metadata: archive.metadata)
        let first = try await ChartPusher.push(archive, as: target, with: Self.uploader(registry))
        #expect(first.blobs.values.allSatisfy { $0 == .uploaded })
        #expect(first.digest == ChartManifest(archive: archive).digest)
        for version in ["3.9.4", "4.3.1"] {
            let helm = try Helm.binary(version: version)
            let pullDirectory = scratch.path("pull-\(version)")
            try FileManager.default.createDirectory(at: pullDirectory, withIntermediateDirectories: true)
            var arguments = ["pull", "oci://\(registry.host)/team/demo", "--version", "0.1.0", "--destination", pullDirectory.path]
            if version != "3.9.4" { arguments.append("--plain-http") }
            let pulled = try await ProcessRunner.run(helm, arguments, environment: ProcessRunner.inheritedEnvironment(adding: PackagedChart.helmEnvironment(scratch)))
            #expect(pulled.status == 0, "helm \(version) pull: \(pulled.stderr)")
            #expect(try Data(contentsOf: pullDirectory.appendingPathComponent("demo-0.1.0.tgz")) == Data(contentsOf: file))
            var show = ["show", "chart", "oci://\(registry.host)/team/demo", "--version", "0.1.0"]
            if version != "3.9.4" { show.append("--plain-http") }
            let shown = try await ProcessRunner.run(helm, show, environment: ProcessRunner.inheritedEnvironment(adding: PackagedChart.helmEnvironment(scratch)))
            #expect(shown.status == 0, "helm \(version) show chart: \(shown.stderr)")
            #expect(shown.stdout.contains("name: demo"))
        }
        let second = try await ChartPusher.push(archive, as: target, with: Self.uploader(registry))
        #expect(second.blobs.values.allSatisfy { $0 == .existed })
        #expect(second.bytesUploaded == 0)
        #expect(second.digest == first.digest)
    }

    @Test("chunked upload (PATCH with Content-Range) for blobs above the monolithic limit")
    func chunked() async throws {
        let registry = try await LocalRegistry.start()
        let scratch = try Scratch()
        var tar = TarBuilder()
        tar.file("big/Chart.yaml", "apiVersion: v2\nname: big\nversion: 1.0.0\n")
        for index in 0..<3 { tar.file("big/data\(index).bin", (0..<400_000).map { _ in UInt8.random(in: 0...255) }) }
        tar.end()
        let file = scratch.path("big-1.0.0.tgz")
        try await Data(try tar.gzipped()).write(to: file)
        let archive = try ChartArchive.read(file)
        let target = try ChartTarget(host: registry.host, project: "team", metadata: archive.metadata)
        let sent = SentBytes()
        let result = try await ChartPusher.push(archive, as: target, with: Self.uploader(registry) { options in
            options.monolithicLimit = 100_000
            options.chunkSize = 300_000
        }, progress: { sent.add($0) })
        #expect(result.blobs[archive.digest] == .uploaded)
        #expect(sent.total == archive.size)
        let blob = try await registry.get("/v2/team/big/blobs/\(archive.digest)")
        #expect(blob.body == Array(try Data(contentsOf: file)))
    }

    @Test("cross-repository mount when the blob is in another repository")
    func mount() async throws {
        let registry = try await LocalRegistry.start()
        let scratch = try Scratch()
        let file = try await PackagedChart.make("demo", in: scratch)
        let archive = try ChartArchive.read(file)
        _ = try await ChartPusher.push(archive, as: try ChartTarget(host: registry.host, project: "one", metadata: archive.metadata), with: Self.uploader(registry))
        let outcome = try await Self.uploader(registry).pushBlob(repository: "two/demo", digest: archive.digest, size: archive.size, mountFrom: ["one/demo"]) { offset, length in
            Issue.record("the blob should have been mounted, not uploaded")
            return FileBody.make(file: file, offset: offset, length: length)
        }
        #expect(outcome == .mounted(from: "one/demo"))
    }

    @Test("refused connection is reported at once, without retries")
    func refused() async throws {
        // The pool of AsyncHTTPClient keeps reconnecting until its connect timeout: keep that short here.
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(timeout: .init(connect: .seconds(2))))
        let uploader = RegistryUploader(transport: AsyncHTTPClientTransport(client: client), baseURL: "http://127.0.0.1:9")
        do {
            _ = try await uploader.blobExists(repository: "a/b", digest: "sha256:" + String(repeating: "0", count: 64))
            Issue.record("expected an error")
        } catch let error as ChartPushError {
            guard case .transport(_, .connectionRefused, let attempts) = error else { Issue.record("wrong error: \(error)"); return }
            #expect(attempts == 1)
        }
        try await client.shutdown()
    }
}

final class SentBytes: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int64 = 0
    func add(_ count: Int64) { lock.lock(); value += count; lock.unlock() }
    var total: Int64 { lock.lock(); defer { lock.unlock() }; return value }
}
