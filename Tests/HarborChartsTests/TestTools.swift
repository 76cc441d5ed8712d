import AsyncHTTPClient
import Foundation
import HarborCore
import HarborTestSupport
import NIOCore

struct RegistryDidNotStart: Error, CustomStringConvertible {
    var description: String { "docker-registry did not start listening on loopback" }
}

/// A Debian `docker-registry` (CNCF distribution) on loopback without authentication.
final class LocalRegistry: @unchecked Sendable {
    let port: Int
    let process: ChildProcess
    let scratch: Scratch
    var host: String { "127.0.0.1:\(port)" }
    var baseURL: String { "http://\(host)" }

    private init(port: Int, process: ChildProcess, scratch: Scratch) {
        self.port = port
        self.process = process
        self.scratch = scratch
    }

    deinit { process.stop(grace: .seconds(5)) }

    static func start() async throws -> LocalRegistry {
        let binary = try requireTool("docker-registry")
        let scratch = try Scratch()
        for _ in 0..<10 {
            let port = try LoopbackPort.reserve()
            let config = scratch.path("config-\(port).yml")
            try """
            version: 0.1
            log:
              level: warn
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: \(scratch.path("storage").path)
            http:
              addr: 127.0.0.1:\(port)
            """.write(to: config, atomically: true, encoding: .utf8)
            var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("REGISTRY_") }
            environment["OTEL_TRACES_EXPORTER"] = "none"
            let process = try ChildProcess(executable: binary.path, arguments: ["serve", config.path], environment: environment)
            let registry = LocalRegistry(port: port, process: process, scratch: scratch)
            for _ in 0..<100 {
                if !process.isRunning { break }
                if (try? await registry.get("/v2/").status) == 200 { return registry }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        throw RegistryDidNotStart()
    }

    struct Reply { let status: Int; let headers: [(String, String)]; let body: [UInt8] }

    func get(_ path: String, accept: String? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: baseURL + path)
        if let accept { request.headers.add(name: "Accept", value: accept) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 16 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: Array(body.readableBytesView))
    }

    func manifest(_ repository: String, _ reference: String) async throws -> [UInt8] {
        try await get("/v2/\(repository)/manifests/\(reference)", accept: "application/vnd.oci.image.manifest.v1+json").body
    }
}

/// Builds tar archives byte by byte, including the odd ones Helm refuses, and gzips them with the
/// system's gzip.
struct TarBuilder {
    private(set) var bytes: [UInt8] = []

    enum Format { case ustar, gnu }

    mutating func file(_ name: String, _ contents: [UInt8], typeflag: UInt8 = UInt8(ascii: "0"), format: Format = .ustar) {
        entry(name: name, size: Int64(contents.count), typeflag: typeflag, format: format)
        bytes += contents
        pad()
    }

    mutating func file(_ name: String, _ text: String) { file(name, Array(text.utf8)) }

    /// A file of `size` zero bytes, without holding more than one block per call... (small sizes only).
    mutating func zeros(_ name: String, size: Int) { file(name, [UInt8](repeating: 0x61, count: size)) }

    mutating func directory(_ name: String) { entry(name: name, size: 0, typeflag: UInt8(ascii: "5"), format: .ustar) }

    /// A file whose long name travels in a PAX extended header.
    mutating func paxFile(_ name: String, _ text: String) {
        let record = Self.paxRecord("path", name)
        entry(name: "PaxHeaders/x", size: Int64(record.count), typeflag: UInt8(ascii: "x"), format: .ustar)
        bytes += record
        pad()
        file(String(name.suffix(90)), text)
    }

    /// A file whose long name travels in a GNU `L` record.
    mutating func gnuLongNameFile(_ name: String, _ text: String) {
        let record = Array(name.utf8) + [0]
        entry(name: "././@LongLink", size: Int64(record.count), typeflag: UInt8(ascii: "L"), format: .gnu)
        bytes += record
        pad()
        file(String(name.prefix(99)), Array(text.utf8), format: .gnu)
    }

    /// A PAX global header (`g`), which Go returns as an entry and Helm skips.
    mutating func globalHeader() {
        let record = Self.paxRecord("comment", "made by a test")
        entry(name: "pax_global_header", size: Int64(record.count), typeflag: UInt8(ascii: "g"), format: .ustar)
        bytes += record
        pad()
    }

    mutating func end() { bytes += [UInt8](repeating: 0, count: 1024) }

    func gzipped() async throws -> [UInt8] {
        let scratch = try Scratch()
        let file = scratch.path("archive.tar")
        try Data(bytes).write(to: file)
        let gzip = try await ProcessRunner.run("/bin/gzip", ["-n", "-1", file.path])
        guard gzip.status == 0 else { throw TestSupportError("gzip failed: \(gzip)") }
        return Array(try Data(contentsOf: scratch.path("archive.tar.gz")))
    }

    private mutating func entry(name: String, size: Int64, typeflag: UInt8, format: Format) {
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int, width: Int) {
            for (index, byte) in text.utf8.prefix(width).enumerated() { header[offset + index] = byte }
        }
        put(name, at: 0, width: 100)
        put("0000644\0", at: 100, width: 8)
        put("0000000\0", at: 108, width: 8)
        put("0000000\0", at: 116, width: 8)
        put(String(format: "%011o\0", size), at: 124, width: 12)
        put(String(format: "%011o\0", 1_700_000_000), at: 136, width: 12)
        header[156] = typeflag
        switch format {
        case .ustar: put("ustar\u{0}00", at: 257, width: 8)
        case .gnu: put("ustar  \u{0}", at: 257, width: 8)
        }
        put("        ", at: 148, width: 8)
        let sum = header.reduce(0) { $0 + Int($1) }
        put(String(format: "%06o\0 ", sum), at: 148, width: 8)
        bytes += header
    }

    private mutating func pad() {
        let remainder = bytes.count % 512
        if remainder != 0 { bytes += [UInt8](repeating: 0, count: 512 - remainder) }
    }

    static func paxRecord(_ key: String, _ value: String) -> [UInt8] {
        let body = " \(key)=\(value)\n"
        var length = body.utf8.count + 1
        while String(length).count + body.utf8.count != length { length = String(length).count + body.utf8.count }
        return Array("\(length)\(body)".utf8)
    }
}
