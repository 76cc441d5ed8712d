import Foundation
import HarborCore

/// Where blobs were last seen on each Harbor, kept so a later push can mount a blob from there
/// instead of uploading it again: docker keeps the same record for image layers
/// (`distribution/metadata`, v2metadata-by-diffid). Pushing a chart to `dev` and then promoting
/// the same file to `prod` sends the chart layer once.
///
/// `$XDG_CACHE_HOME/harbor/blob-sources/HOST.json`, 0600 in a 0700 directory: repository names
/// and digests only, never credentials. A lost or unreadable record only costs an upload, so
/// reading and writing it never fails a push.
public struct BlobSourceRecord: Sendable {
    /// Digests kept per host (the oldest go first); repositories kept per digest.
    package static let maxDigests = 2_000
    static let maxRepositoriesPerDigest = 5

    public let path: String

    public init(root: String, host: String) {
        path = root + "/" + SafeFileName.encode(host) + ".json"
    }

    /// `$XDG_CACHE_HOME/harbor/blob-sources` (default `~/.cache/harbor/blob-sources`).
    public static func root(environment: ProcessEnvironment) -> String {
        environment.cacheHome + "/harbor/blob-sources"
    }

    package struct Contents: Codable {
        var version = 1
        /// digest → repositories, most recent first.
        var blobs: [String: [String]] = [:]
        /// digests, least recently recorded first.
        package var order: [String] = []
    }

    /// Repositories that held `digest`, most recent first.
    public func repositories(holding digest: String) -> [String] {
        load().blobs[digest] ?? []
    }

    /// Notes that `repository` now holds each of `digests`.
    public func record(_ digests: [String], in repository: String) {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            return
        }
        guard let lock = try? FileLock(guarding: path) else { return }
        defer { withExtendedLifetime(lock) {} }
        var contents = load()
        for digest in digests {
            var repositories = contents.blobs[digest] ?? []
            repositories.removeAll { $0 == repository }
            repositories.insert(repository, at: 0)
            contents.blobs[digest] = Array(repositories.prefix(Self.maxRepositoriesPerDigest))
            contents.order.removeAll { $0 == digest }
            contents.order.append(digest)
        }
        while contents.order.count > Self.maxDigests {
            contents.blobs[contents.order.removeFirst()] = nil
        }
        guard let data = try? JSONEncoder().encode(contents) else { return }
        try? AtomicFile.write(data, to: path, newFileMode: 0o600)
        _ = chmod(path, 0o600)
    }

    package func load() -> Contents {
        guard let data = FileManager.default.contents(atPath: path),
              let contents = try? JSONDecoder().decode(Contents.self, from: data), contents.version == 1 else { return Contents() }
        return contents
    }
}
