import Crypto
import Foundation
import HarborCore

/// A packaged Helm plugin (`NAME-VERSION.tgz`, as `helm plugin package` writes it): a gzipped tar
/// with `plugin.yaml` at its top or under one top directory, and no `Chart.yaml`. Read in one
/// streaming pass: the file is hashed, every entry's path checked as Helm's installer checks it
/// before extracting (`cleanJoin` in helm/helm internal/plugin/installer/extractor.go at v4.2.4),
/// and `plugin.yaml` kept. The plugin's own directory is where Helm 4's OCI installer looks for it
/// (`OCIInstaller.Install`: the top, else the first directory holding a plugin.yaml).
public struct PluginArchive: Sendable {
    /// More than this is no plugin manifest.
    public static let maxPluginYAMLSize = 1 << 20

    public let file: URL
    public let size: Int64
    /// `sha256:…` of the file's bytes (the plugin layer's digest).
    public let digest: String
    public let metadata: PluginMetadata
    /// Where plugin.yaml is inside the archive (`plugin.yaml` or `DIR/plugin.yaml`).
    public let pluginYAMLPath: String
    /// `FILE.prov` beside the package (`helm plugin package --sign` writes it), when present.
    public let provenance: ChartArchive.Blob?

    /// What one pass over a gzipped tar found.
    public enum Contents: Sendable, Equatable {
        /// A Chart.yaml at the top or under one top directory: a chart, not a plugin.
        case chart
        /// No plugin.yaml where Helm looks for one.
        case neither
        case plugin(PluginArchive)

        public static func == (lhs: Contents, rhs: Contents) -> Bool {
            switch (lhs, rhs) {
            case (.chart, .chart), (.neither, .neither): true
            case (.plugin(let left), .plugin(let right)): left.digest == right.digest && left.metadata == right.metadata
            default: false
            }
        }
    }

    /// Reads `file`, which must be a readable gzipped tar (the chart reader has said so already
    /// or the error is reported as damage).
    public static func read(_ file: URL) throws(PluginArchiveError) -> Contents {
        let walker = PluginArchiveWalker()
        let inflater: GzipInflater
        do { inflater = try GzipInflater() } catch { throw .unreadable("zlib unavailable") }
        var hasher = SHA256()
        var total: Int64 = 0
        do {
            try ChartArchive.forEachChunk(of: file) { chunk in
                hasher.update(bufferPointer: chunk)
                total += Int64(chunk.count)
                if walker.done { return }
                try inflater.inflate(chunk) { try walker.consume($0) }
            }
            try walker.finish()
        } catch let error as PluginArchiveError {
            throw error
        } catch {
            throw .unreadable("it is not an intact gzipped tar archive (\(error)); package it again with 'helm plugin package DIR'")
        }
        if walker.sawChartYAML { return .chart }
        let chosen: (path: String, bytes: [UInt8])
        if let top = walker.pluginYAMLs.first(where: { !$0.path.contains("/") }) {
            chosen = top
        } else if walker.pluginYAMLs.count == 1, let only = walker.pluginYAMLs.first {
            chosen = only
        } else if walker.pluginYAMLs.isEmpty {
            return .neither
        } else {
            throw .severalPlugins(walker.pluginYAMLs.map(\.path).sorted())
        }
        var text = String(decoding: chosen.bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let metadata = try PluginMetadata(yaml: text, path: chosen.path)

        let provenanceFile = URL(fileURLWithPath: file.path + ".prov")
        var provenance: ChartArchive.Blob?
        if FileManager.default.fileExists(atPath: provenanceFile.path) {
            do { provenance = try ChartArchive.blob(provenanceFile) } catch { throw .unreadable(error.description) }
        }
        return .plugin(
            PluginArchive(
                file: file, size: total, digest: "sha256:" + ChartArchive.hex(hasher.finalize()), metadata: metadata,
                pluginYAMLPath: chosen.path, provenance: provenance))
    }
}

/// Walks the tar stream: refuses paths Helm's extractor refuses, keeps every `plugin.yaml` at
/// depth one or two, and notes a `Chart.yaml` there.
private final class PluginArchiveWalker {
    let tar = TarStreamReader()
    var pluginYAMLs: [(path: String, bytes: [UInt8])] = []
    var sawChartYAML = false
    var done = false
    private var collecting: (path: String, bytes: [UInt8])?

    init() {
        tar.onEntry = { [unowned self] header in try self.entry(header) }
        tar.onData = { [unowned self] data in try self.data(data) }
    }

    func consume(_ bytes: UnsafeRawBufferPointer) throws {
        try tar.consume(bytes)
        if tar.reachedEnd { closeEntry(); done = true }
    }

    func finish() throws {
        try tar.finish()
        closeEntry()
    }

    private func entry(_ header: TarEntryHeader) throws {
        closeEntry()
        if header.isGlobalHeader { return }
        let name = header.name.replacingOccurrences(of: "\\", with: "/")
        if name.hasPrefix("/") { throw PluginArchiveError.illegalPath("\(header.name) is an absolute path") }
        let cleaned = ArchivePath.clean(name)
        if cleaned == ".." || cleaned.hasPrefix("../") { throw PluginArchiveError.illegalPath("\(header.name) refers to a parent directory") }
        if header.isDirectory { return }
        let parts = cleaned.split(separator: "/")
        guard parts.count <= 2, let last = parts.last else { return }
        if last == "Chart.yaml" { sawChartYAML = true }
        if last == "plugin.yaml" {
            if header.size > Int64(PluginArchive.maxPluginYAMLSize) {
                throw PluginArchiveError.pluginYAMLTooLarge(path: cleaned, limit: PluginArchive.maxPluginYAMLSize)
            }
            collecting = (cleaned, [])
        }
    }

    private func data(_ bytes: UnsafeRawBufferPointer) throws {
        if collecting != nil { collecting!.bytes.append(contentsOf: bytes) }
    }

    private func closeEntry() {
        if let collecting { pluginYAMLs.append(collecting) }
        collecting = nil
    }
}
