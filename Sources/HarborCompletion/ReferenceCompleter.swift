import Foundation
import HarborAPI
import HarborCore

/// Candidates for image and chart references as a user types them: project keys (with the
/// user's role), `PKEY/repo`, `PKEY/repo:tag`, `PKEY/repo@sha256:…`, with or without a host and
/// Helm's `oci://`. Short references complete as typed: `app:` lists the tags of `app` in the
/// default project.
public struct ReferenceCompleter: Sendable {
    public enum Purpose: Sendable {
        case pull
        /// Only projects the user may push to.
        case push
    }

    public let defaultHost: String?
    public let defaultProject: String?
    /// The catalog for a host, or nil when completion knows no account there.
    public let catalog: @Sendable (String) -> HarborCatalog?
    public let now: @Sendable () -> Date

    public init(defaultHost: String?, defaultProject: String?, now: @escaping @Sendable () -> Date = Date.init, catalog: @escaping @Sendable (String) -> HarborCatalog?) {
        self.defaultHost = defaultHost
        self.defaultProject = defaultProject
        self.catalog = catalog
        self.now = now
    }

    /// What the word under the cursor is, once the scheme and host are set aside.
    struct Typed {
        /// `oci://` and/or `HOST/` exactly as typed, put back in front of every candidate.
        var lead: String
        var host: String?
        var rest: String
    }

    static func split(_ word: String, defaultHost: String?) -> Typed {
        var lead = ""
        var rest = word
        if rest.hasPrefix("oci://") {
            lead = "oci://"
            rest.removeFirst(6)
        }
        if let slash = rest.firstIndex(of: "/") {
            let first = String(rest[..<slash])
            if first.contains(".") || first.contains(":") || first == "localhost" {
                return Typed(lead: lead + first + "/", host: first, rest: String(rest[rest.index(after: slash)...]))
            }
        }
        return Typed(lead: lead, host: defaultHost, rest: rest)
    }

    public func complete(_ word: String, purpose: Purpose) async -> CompletionResult {
        let typed = Self.split(word, defaultHost: defaultHost)
        // `oci://` alone: the default host comes first.
        if typed.lead == "oci://", !typed.rest.contains("/"), let defaultHost, typed.host == defaultHost, !typed.rest.isEmpty || word == "oci://" {
            if defaultHost.hasPrefix(typed.rest) {
                return CompletionResult([CompletionCandidate("oci://\(defaultHost)/", "default instance")], directive: [.noSpace, .noFileCompletion])
            }
        }
        guard let host = typed.host, let catalog = catalog(host) else { return CompletionResult([]) }
        let rest = typed.rest
        if let at = rest.firstIndex(of: "@") {
            return await digests(typed, repository: String(rest[..<at]), catalog: catalog, purpose: purpose)
        }
        if let colon = rest.firstIndex(of: ":") {
            return await tags(typed, repository: String(rest[..<colon]), catalog: catalog, purpose: purpose)
        }
        if let slash = rest.firstIndex(of: "/") {
            let project = String(rest[..<slash])
            return await repositories(typed, project: project, prefix: String(rest[rest.index(after: slash)...]), shortForm: false, catalog: catalog, purpose: purpose)
        }
        // A project key, or a repository of the default project (on the default host only).
        // Both lists are fetched at the same time.
        async let projectCandidates = projects(typed, catalog: catalog, purpose: purpose)
        var shortForms: [CompletionCandidate] = []
        if typed.lead.isEmpty, let defaultProject {
            shortForms = await repositories(typed, project: defaultProject, prefix: rest, shortForm: true, catalog: catalog, purpose: purpose).candidates
        }
        return CompletionResult(await projectCandidates.candidates + shortForms, directive: [.noSpace, .noFileCompletion])
    }

    /// Project keys for a push target (`helm harbor push chart.tgz PKEY`), only where the user may push.
    public func pushTargets(_ word: String) async -> CompletionResult {
        let typed = Self.split(word, defaultHost: defaultHost)
        guard let host = typed.host, let catalog = catalog(host), !typed.rest.contains("/") else { return CompletionResult([]) }
        let candidates = await catalog.projects().filter { $0.canPush && $0.name.hasPrefix(typed.rest) }
            .map { CompletionCandidate(typed.lead + $0.name, $0.role?.name) }
        return CompletionResult(candidates)
    }

    func projects(_ typed: Typed, catalog: HarborCatalog, purpose: Purpose) async -> CompletionResult {
        let projects = await catalog.projects().filter { $0.name.hasPrefix(typed.rest) && (purpose == .pull || $0.canPush) }
        return CompletionResult(
            projects.map { CompletionCandidate(typed.lead + $0.name + "/", $0.role?.name ?? "public") },
            directive: [.noSpace, .noFileCompletion])
    }

    func mayPush(_ project: String, catalog: HarborCatalog) async -> Bool {
        await catalog.projects().contains { $0.name == project && $0.canPush }
    }

    func repositories(_ typed: Typed, project: String, prefix: String, shortForm: Bool, catalog: HarborCatalog, purpose: Purpose) async -> CompletionResult {
        if purpose == .push, !(await mayPush(project, catalog: catalog)) { return CompletionResult([]) }
        let repositories = await catalog.repositories(inProject: project).filter { $0.path.hasPrefix(prefix) }
        let candidates = repositories.map { repository in
            let count = repository.artifactCount.map { "\($0) artifact\($0 == 1 ? "" : "s")" }
            let text = shortForm ? repository.path : "\(project)/\(repository.path)"
            return CompletionCandidate(typed.lead + text, shortForm ? ["in \(project)", count].compactMap { $0 }.joined(separator: ", ") : count)
        }
        return CompletionResult(candidates, directive: [.noSpace, .noFileCompletion])
    }

    /// `PKEY/repo` → (PKEY, repo); `repo` → (default project, repo).
    func projectAndPath(_ repository: String) -> (project: String, path: String)? {
        if let slash = repository.firstIndex(of: "/") {
            return (String(repository[..<slash]), String(repository[repository.index(after: slash)...]))
        }
        guard let defaultProject else { return nil }
        return (defaultProject, repository)
    }

    func tags(_ typed: Typed, repository: String, catalog: HarborCatalog, purpose: Purpose) async -> CompletionResult {
        guard case let (project, path)? = projectAndPath(repository), !path.isEmpty else { return CompletionResult([]) }
        if purpose == .push, !(await mayPush(project, catalog: catalog)) { return CompletionResult([]) }
        let prefix = typed.lead + typed.rest
        let artifacts = await catalog.artifacts(inProject: project, repository: path)
        var candidates: [CompletionCandidate] = []
        for artifact in artifacts {
            for tag in artifact.tags {
                let value = "\(typed.lead)\(repository):\(tag.name)"
                guard value.hasPrefix(prefix) else { continue }
                candidates.append(CompletionCandidate(value, describe(artifact)))
            }
        }
        return CompletionResult(candidates)
    }

    func digests(_ typed: Typed, repository: String, catalog: HarborCatalog, purpose: Purpose) async -> CompletionResult {
        guard case let (project, path)? = projectAndPath(repository), !path.isEmpty else { return CompletionResult([]) }
        let prefix = typed.lead + typed.rest
        let artifacts = await catalog.artifacts(inProject: project, repository: path)
        let candidates = artifacts.compactMap { artifact -> CompletionCandidate? in
            let value = "\(typed.lead)\(repository)@\(artifact.digest)"
            guard value.hasPrefix(prefix) else { return nil }
            let tags = artifact.tags.map(\.name).joined(separator: ", ")
            return CompletionCandidate(value, [tags.isEmpty ? "untagged" : tags, describe(artifact)].joined(separator: " · "))
        }
        return CompletionResult(candidates)
    }

    func describe(_ artifact: HarborArtifact) -> String {
        var parts = [artifact.type]
        if let size = artifact.size { parts.append(ByteCount.format(size)) }
        if let pushed = artifact.pushTime { parts.append("pushed " + RelativeAge.format(from: pushed, to: now())) }
        return parts.joined(separator: ", ")
    }
}
