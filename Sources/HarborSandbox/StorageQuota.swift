import Foundation

/// A project's storage usage: each blob counted once per project, as Harbor's quota counts
/// them (goharbor/harbor v2.7.0, src/controller/quota, src/server/middleware/quota/put_manifest.go).
package struct StorageUsage: Sendable, Equatable {
    var bytes: Int64 = 0
    var blobs: Set<String> = []

    /// The bytes a manifest adds: its own size plus every referenced blob the project does not hold yet.
    func added(byManifest data: Data, digest: String) -> (bytes: Int64, blobs: [String]) {
        var bytes: Int64 = blobs.contains(digest) ? 0 : Int64(data.count)
        var newBlobs: [String] = blobs.contains(digest) ? [] : [digest]
        let json = (try? JSONDecoder().decode(JSONValue.self, from: data)) ?? .null
        var referenced: [JSONValue] = json["layers"]?.array ?? []
        if let config = json["config"] { referenced.append(config) }
        for blob in referenced {
            guard let blobDigest = blob["digest"]?.string, !blobs.contains(blobDigest), !newBlobs.contains(blobDigest) else { continue }
            bytes += Int64(blob["size"]?.int ?? 0)
            newBlobs.append(blobDigest)
        }
        return (bytes, newBlobs)
    }

    /// Harbor's refusal text, `ResourceOverflow.Error()` (src/pkg/quota/errors.go): the quota middleware
    /// re-sends the controller's error as `DeniedError(nil).WithMessage(errs.Error())`
    /// (src/server/middleware/quota/quota.go), so the client sees the overflow text alone, 403 DENIED.
    static func overflowMessage(adding delta: Int64, current: Int64, limit: Int64) -> String {
        "adding \(displaySize(delta)) of storage resource, which when updated to current usage of \(displaySize(current)) will exceed the configured upper limit of \(displaySize(limit))."
    }

    /// `byteCountToDisplaySize` (src/pkg/quota/types/format.go): `%d B` below 1024, else one decimal and KiB…EiB.
    package static func displaySize(_ value: Int64) -> String {
        let unit: Int64 = 1024
        if value < unit { return "\(value) B" }
        var div = unit, exp = 0
        var n = value / unit
        while n >= unit {
            div *= unit
            exp += 1
            n /= unit
        }
        let letters = Array("KMGTPE")
        return String(format: "%.1f", Double(value) / Double(div)) + " \(letters[exp])iB"
    }
}
