import Foundation
import HarborRegistry

/// Pushes one chart as `helm push` lays it out (`ChartManifest`): the blobs concurrently (config,
/// chart, provenance, as ORAS does), then the manifest under the tag.
public enum ChartPusher {
    public struct Result: Sendable {
        public let target: ChartTarget
        public let digest: String
        public let manifestSize: Int
        /// Blob digest → what happened to it.
        public let blobs: [String: RegistryUploader.BlobOutcome]
        /// Bytes of blob content sent.
        public let bytesUploaded: Int64
    }

    /// `progress` is told how many bytes of blob content went out (from any blob); `mounts`
    /// finds repositories to mount missing chart layers from, and learns where they are now.
    public static func push(
        _ archive: ChartArchive, as target: ChartTarget, with uploader: RegistryUploader,
        mounts: MountSourceFinder? = nil, progress: (@Sendable (Int64) -> Void)? = nil
    ) async throws -> Result {
        let manifest = ChartManifest(archive: archive)
        let repository = target.repository
        let config = manifest.config
        let outcomes = try await withThrowingTaskGroup(of: (String, RegistryUploader.BlobOutcome, Int64).self) { group in
            group.addTask {
                // The same chart version has the same config: a promotion mounts it too (one
                // request instead of two), from the record only (it is too small to look for).
                let sources: @Sendable () async -> [String] = {
                    await mounts?.sources(digest: manifest.configDigest, size: Int64(config.count), repository: repository, chartName: archive.metadata.name) ?? []
                }
                let outcome = try await uploader.pushBlob(repository: repository, digest: manifest.configDigest, size: Int64(config.count), mountSources: sources) { _, _ in .bytes(config) }
                return (manifest.configDigest, outcome, outcome == .uploaded ? Int64(config.count) : 0)
            }
            for layer in manifest.layers {
                let blob = layer.blob
                group.addTask {
                    let sources: @Sendable () async -> [String] = {
                        await mounts?.sources(digest: blob.digest, size: blob.size, repository: repository, chartName: archive.metadata.name) ?? []
                    }
                    let outcome = try await uploader.pushBlob(repository: repository, digest: blob.digest, size: blob.size, mountSources: sources) { offset, length in
                        FileBody.make(file: blob.file, offset: offset, length: length, progress: progress)
                    }
                    return (blob.digest, outcome, outcome == .uploaded ? blob.size : 0)
                }
            }
            var outcomes: [String: RegistryUploader.BlobOutcome] = [:]
            var sent: Int64 = 0
            for try await (digest, outcome, bytes) in group {
                outcomes[digest] = outcome
                sent += bytes
            }
            return (outcomes, sent)
        }
        let stored = try await uploader.putManifest(repository: repository, reference: target.tag, bytes: manifest.bytes, mediaType: ChartManifest.manifestMediaType)
        if let stored, stored != manifest.digest { throw ChartPushError.digestMismatch(expected: manifest.digest, got: stored) }
        mounts?.remember([manifest.configDigest] + manifest.layers.map(\.blob.digest), in: repository)
        return Result(target: target, digest: manifest.digest, manifestSize: manifest.bytes.count, blobs: outcomes.0, bytesUploaded: outcomes.1)
    }
}
