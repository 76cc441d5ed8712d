import HarborAPI
import HarborRegistry

/// Finds repositories on the same Harbor that already hold a blob, so that the upload can be a
/// cross-repository mount (distribution-spec v1.1 "Mounting a blob from another repository"):
/// Harbor then links the blob into the target project without a byte being sent.
///
/// First where this machine pushed the blob before (`BlobSourceRecord`), at no cost. For a blob
/// large enough to be worth a few round trips, and only when the record knows nothing, Harbor is
/// asked with what a CLI secret may call (goharbor/harbor v2.7.4
/// src/server/middleware/security/oidc_cli.go: the project list and a project's repositories, not
/// the instance-wide `/repositories`): repositories of the target project named like the chart,
/// then the chart's repository in each other project the account may read; a HEAD on each of the
/// first few says which hold the blob.
public struct MountSourceFinder: Sendable {
    /// Blobs from this size on are worth asking Harbor about.
    public static let discoveryThreshold: Int64 = 4 << 20
    /// Repositories checked with a HEAD, all at once.
    static let maxCandidates = 8

    let record: BlobSourceRecord?
    /// The record as it was when the push began, read once for all the push's blobs.
    let recorded: [String: [String]]
    let api: HarborAPIClient?
    let uploader: RegistryUploader

    public init(record: BlobSourceRecord?, api: HarborAPIClient?, uploader: RegistryUploader) {
        self.record = record
        self.recorded = record?.load().blobs ?? [:]
        self.api = api
        self.uploader = uploader
    }

    /// Repositories to try mounting `digest` into `repository` from, best first: the target's
    /// project first (Harbor's quota already counts the blob there), then the most recent.
    public func sources(digest: String, size: Int64, repository: String, chartName: String) async -> [String] {
        let known = Self.ordered(recorded[digest] ?? [], for: repository)
        if !known.isEmpty || size < Self.discoveryThreshold { return known }
        guard let api else { return [] }
        let project = repository.split(separator: "/").first.map(String.init) ?? repository
        async let inProject = try? api.repositories(inProject: project, nameContains: chartName)
        async let readable = try? api.projects()
        let sameProject = (await inProject ?? []).map(\.name).filter { $0 != repository && $0.split(separator: "/").last.map(String.init) == chartName }
        let otherProjects = (await readable ?? []).map(\.name).filter { $0 != project }.sorted().map { "\($0)/\(chartName)" }
        let candidates = Array((sameProject + otherProjects).prefix(Self.maxCandidates))
        let holding = await withTaskGroup(of: (String, Bool).self) { group in
            for candidate in candidates {
                group.addTask { (candidate, (try? await uploader.blobExists(repository: candidate, digest: digest)) ?? false) }
            }
            var holding: Set<String> = []
            for await (candidate, exists) in group where exists { holding.insert(candidate) }
            return holding
        }
        return candidates.filter(holding.contains)
    }

    /// Notes that `repository` now holds these blobs, for the next push.
    public func remember(_ digests: [String], in repository: String) {
        record?.record(digests, in: repository)
    }

    /// Without the target itself; the target's project first, order kept otherwise.
    package static func ordered(_ repositories: [String], for repository: String) -> [String] {
        let project = repository.split(separator: "/").first.map(String.init) ?? repository
        let others = repositories.filter { $0 != repository }
        return others.filter { $0.hasPrefix(project + "/") } + others.filter { !$0.hasPrefix(project + "/") }
    }
}
