import Foundation
import HarborRegistry

/// Pushes one Helm plugin package as Helm 4's plugin artifact (`PluginManifest`): the blobs
/// concurrently, then the manifest under the tag.
public enum PluginPusher {
    /// `mounts` finds repositories to mount the package from (the same plugin in another
    /// project), and learns where it is now; `progress` is told the bytes of blob content sent.
    public static func push(
        _ archive: PluginArchive, as target: ChartTarget, with uploader: RegistryUploader,
        mounts: MountSourceFinder? = nil, progress: (@Sendable (Int64) -> Void)? = nil
    ) async throws -> ChartPusher.Result {
        let manifest = PluginManifest(archive: archive)
        let repository = target.repository
        let config = manifest.config
        let name = archive.metadata.name
        let outcomes = try await withThrowingTaskGroup(of: (String, RegistryUploader.BlobOutcome, Int64).self) { group in
            group.addTask {
                let outcome = try await uploader.pushBlob(repository: repository, digest: manifest.configDigest, size: Int64(config.count), mountSources: { [] }) { _, _ in .bytes(config) }
                return (manifest.configDigest, outcome, outcome == .uploaded ? Int64(config.count) : 0)
            }
            for layer in manifest.layers {
                let blob = layer.blob
                group.addTask {
                    let sources: @Sendable () async -> [String] = {
                        await mounts?.sources(digest: blob.digest, size: blob.size, repository: repository, chartName: name) ?? []
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
        let stored = try await uploader.putManifest(repository: repository, reference: target.tag, bytes: manifest.bytes, mediaType: PluginManifest.manifestMediaType)
        if let stored, stored != manifest.digest { throw ChartPushError.digestMismatch(expected: manifest.digest, got: stored) }
        mounts?.remember(manifest.layers.map(\.blob.digest), in: repository)
        return ChartPusher.Result(target: target, digest: manifest.digest, manifestSize: manifest.bytes.count, blobs: outcomes.0, bytesUploaded: outcomes.1)
    }
}
