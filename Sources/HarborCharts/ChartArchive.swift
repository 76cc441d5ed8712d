import Crypto
import Foundation
import HarborCore

/// A packaged chart (`.tgz`) read the way `helm push` reads it (helm/helm pkg/pusher/ocipusher.go
/// and pkg/chart/loader/archive/archive.go `LoadArchiveFiles` at v4.3.1; pkg/chart/loader/archive.go
/// at v3.17.3): in one streaming pass the file is hashed, decompressed and walked, Helm's path
/// rules and size limits are applied to every entry, and only `Chart.yaml` is kept.
///
/// Not done (unlike Helm's full `loader.Load`): parsing values.yaml, requirements.yaml and
/// sub-charts under charts/.
public struct ChartArchive: Sendable {
    /// Helm's limits (`MaxDecompressedChartSize`, `MaxDecompressedFileSize`).
    public static let maxDecompressedChartSize: Int64 = 100 * 1_048_576
    public static let maxDecompressedFileSize: Int64 = 5 * 1_048_576

    public let file: URL
    public let size: Int64
    /// `sha256:…` of the file's bytes (the chart layer's digest).
    public let digest: String
    public let modificationDate: Date
    public let metadata: ChartMetadata
    /// `FILE.prov` beside the chart, when present.
    public let provenance: Blob?

    /// A file pushed as a layer.
    public struct Blob: Sendable, Equatable {
        public let file: URL
        public let size: Int64
        public let digest: String
    }

    public static func read(_ file: URL) throws(ChartArchiveError) -> ChartArchive {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory) else { throw .missingFile }
        if isDirectory.boolValue { throw .isDirectory }
        let attributes: [FileAttributeKey: Any]
        do { attributes = try FileManager.default.attributesOfItem(atPath: file.path) } catch { throw .unreadable(error.localizedDescription) }
        let modified = attributes[.modificationDate] as? Date ?? Date()

        let walker = ArchiveWalker()
        let inflater: GzipInflater
        do { inflater = try GzipInflater() } catch { throw .corruptGzip("zlib unavailable") }
        var hasher = SHA256()
        var total: Int64 = 0
        var first = true
        do {
            try Self.forEachChunk(of: file) { chunk in
                hasher.update(bufferPointer: chunk)
                total += Int64(chunk.count)
                if first {
                    first = false
                    // Helm's EnsureArchive: gzip's magic number and deflate method.
                    guard chunk.count >= 3, chunk[0] == 0x1F, chunk[1] == 0x8B, chunk[2] == 0x08 else { throw ChartArchiveError.notGzip }
                }
                if walker.done { return }
                try inflater.inflate(chunk) { try walker.consume($0) }
            }
            if first { throw ChartArchiveError.notGzip }
            if !inflater.isFinished && !walker.done { throw ChartArchiveError.truncated }
            try walker.finish()
        } catch let error as ChartArchiveError {
            throw error
        } catch let error as GzipInflater.Failure {
            switch error {
            case .notGzip: throw .notGzip
            case .corrupt(let reason): throw .corruptGzip(reason)
            case .truncated: throw .truncated
            }
        } catch let error as TarStreamReader.Failure {
            switch error {
            case .invalidHeader: throw .notTar
            case .truncated: throw .truncated
            case .oversizedRecord: throw .notTar
            }
        } catch {
            throw .unreadable(String(describing: error))
        }

        guard let chartYAML = walker.chartYAML else { throw .missingChartYAML }
        var text = String(decoding: chartYAML, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var metadata = try ChartMetadata(yaml: text)
        try metadata.validate()

        let provenanceFile = URL(fileURLWithPath: file.path + ".prov")
        var provenance: Blob?
        if FileManager.default.fileExists(atPath: provenanceFile.path) {
            provenance = try Self.blob(provenanceFile)
        }
        return ChartArchive(
            file: file, size: total, digest: "sha256:" + Self.hex(hasher.finalize()), modificationDate: modified,
            metadata: metadata, provenance: provenance)
    }

    /// Hashes a file without reading it into memory.
    public static func blob(_ file: URL) throws(ChartArchiveError) -> Blob {
        var hasher = SHA256()
        var total: Int64 = 0
        do {
            try forEachChunk(of: file) { chunk in
                hasher.update(bufferPointer: chunk)
                total += Int64(chunk.count)
            }
        } catch {
            throw .unreadable("\(file.lastPathComponent): \(error)")
        }
        return Blob(file: file, size: total, digest: "sha256:" + hex(hasher.finalize()))
    }

    static func forEachChunk(of file: URL, chunkSize: Int = 256 * 1024, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        while true {
            guard let data = try handle.read(upToCount: chunkSize), !data.isEmpty else { return }
            try data.withUnsafeBytes { try body($0) }
        }
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        HexEncoding.lowercase(digest)
    }
}

/// Applies Helm's per-entry rules while the tar stream goes by and keeps `Chart.yaml`.
private final class ArchiveWalker {
    let tar = TarStreamReader()
    var remaining = ChartArchive.maxDecompressedChartSize
    var files = 0
    var chartYAML: [UInt8]?
    private var collecting: [UInt8]?
    private var currentIsChartYAML = false
    private var currentWritten: Int64 = 0
    private var currentDeclared: Int64 = 0
    private var counting = false
    var done = false

    init() {
        tar.onEntry = { [unowned self] header in try self.entry(header) }
        tar.onData = { [unowned self] data in try self.data(data) }
    }

    func consume(_ bytes: UnsafeRawBufferPointer) throws {
        try tar.consume(bytes)
        if tar.reachedEnd { try closeEntry(); done = true }
    }

    func finish() throws {
        try tar.finish()
        try closeEntry()
        if files == 0 { throw ChartArchiveError.noFiles }
    }

    private func entry(_ header: TarEntryHeader) throws {
        try closeEntry()
        if header.isDirectory || header.isGlobalHeader { return }
        let delimiter: Character = header.name.contains("\\") ? "\\" : "/"
        let parts = header.name.split(separator: delimiter, omittingEmptySubsequences: false)
        let inner = parts.dropFirst().joined(separator: "/")
        // Helm refuses this as "content outside the base directory"; the specific reason helps more.
        if parts.first == "Chart.yaml" { throw ChartArchiveError.chartYAMLNotInBaseDirectory }
        if inner.hasPrefix("/") { throw ChartArchiveError.illegalPath("\(header.name) is an absolute path") }
        let cleaned = ArchivePath.clean(inner)
        if cleaned == "." { throw ChartArchiveError.illegalPath("\(header.name) lies outside the chart's directory") }
        if cleaned.hasPrefix("..") { throw ChartArchiveError.illegalPath("\(header.name) refers to a parent directory") }
        if cleaned.count >= 3, let first = cleaned.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic,
            Array(cleaned.utf8)[1] == UInt8(ascii: ":"), Array(cleaned.utf8)[2] == UInt8(ascii: "/")
        {
            throw ChartArchiveError.illegalPath("\(header.name) names a Windows drive")
        }
        if header.size > remaining { throw ChartArchiveError.chartTooLarge(limit: ChartArchive.maxDecompressedChartSize) }
        if header.size > ChartArchive.maxDecompressedFileSize {
            throw ChartArchiveError.fileTooLarge(name: header.name, limit: ChartArchive.maxDecompressedFileSize)
        }
        files += 1
        counting = true
        currentWritten = 0
        currentDeclared = header.size
        currentIsChartYAML = cleaned == "Chart.yaml"
        collecting = currentIsChartYAML ? [] : nil
    }

    private func data(_ bytes: UnsafeRawBufferPointer) throws {
        currentWritten += Int64(bytes.count)
        if collecting != nil { collecting!.append(contentsOf: bytes) }
    }

    private func closeEntry() throws {
        guard counting else { return }
        counting = false
        remaining -= currentWritten
        // Helm: `remainingSize <= 0` after a file is an error, so the total must stay below the limit.
        if remaining <= 0 { throw ChartArchiveError.chartTooLarge(limit: ChartArchive.maxDecompressedChartSize) }
        if currentIsChartYAML, let collecting { chartYAML = collecting }
        collecting = nil
    }
}
