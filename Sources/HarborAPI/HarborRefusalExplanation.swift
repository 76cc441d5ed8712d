import HarborCore

/// A refusal Harbor gave, told the way a user can act on it: what was refused and why, in Harbor's
/// own numbers, and what to do. Built from Harbor's answer (`HarborRefusal`), plus what the API
/// said about the artifact when the account may read it (`ArtifactPolicyFacts`).
public struct HarborRefusalExplanation: UserFacingError, Equatable {
    public let refusal: HarborRefusal
    /// `pkey/app:1` as the user named it (project/repository[:tag|@digest]).
    public let subject: String
    /// nil where it is not known (docker's error text, read by the hooks, does not name it).
    public let project: String?
    /// The command that shows more (`docker harbor tags pkey/app`); nil where there is none.
    public let listingCommand: String?
    /// The same command with `--wait-scan`, for a scan that is not done.
    public let waitCommand: String?
    public let facts: ArtifactPolicyFacts?

    public init(
        refusal: HarborRefusal, subject: String, project: String?, listingCommand: String? = nil, waitCommand: String? = nil,
        facts: ArtifactPolicyFacts? = nil
    ) {
        self.refusal = refusal
        self.subject = subject
        self.project = project
        self.listingCommand = listingCommand
        self.waitCommand = waitCommand
        self.facts = facts
    }

    /// `project pkey`, or `the project`.
    var theProject: String { project.map { "project \($0)" } ?? "the project" }

    public var message: String {
        switch refusal {
        case .vulnerable(let count, let severity):
            let found = facts?.countsText ?? "\(count) \(count == 1 ? "vulnerability" : "vulnerabilities")"
            return "\(subject) has \(found); \(theProject) blocks pulling images with \(severity.lowercased()) or worse"
        case .scanNotFinished(let status, _):
            switch status.lowercased() {
            case "running": return "\(subject) cannot be pulled yet: its vulnerability scan is still running"
            case "pending", "scheduled": return "\(subject) cannot be pulled yet: its vulnerability scan has not started (pending)"
            default: return "\(subject) cannot be pulled: its vulnerability scan ended with \(status), and \(theProject) blocks images until a scan succeeds"
            }
        case .notScanned:
            return "\(subject) was never scanned for vulnerabilities, and \(theProject) blocks pulling unscanned images"
        case .unsigned:
            return "\(subject) is not signed, and \(theProject) requires cosign signatures"
        case .immutableTag(_, let tag):
            return "tag \(tag) is immutable in \(project ?? "its project"); push a new tag"
        case .quotaExceeded(let adding, let used, let limit):
            return "\(project.map { "project \($0)'s" } ?? "the project's") quota is full: \(used) of \(limit) used, and this push needs \(adding) more"
        case .readOnly:
            return "Harbor is in read-only mode: nothing can be pushed or deleted"
        case .noAccess(let repository, let action):
            return "Harbor refused \(action) on \(repository): no such project, or no permission"
        }
    }

    public var hint: String? {
        let see = listingCommand.map { ", or see `\($0)`" } ?? ""
        switch refusal {
        case .vulnerable:
            var lines = ["Ask a project admin (to fix the image, or allow the CVEs in the project's CVE allowlist)\(see)."]
            if let cves = facts?.topVulnerabilities, !cves.isEmpty {
                lines.append("Worst: " + cves.map { "\($0.id) (\($0.severity.lowercased()))" }.joined(separator: ", "))
            }
            return lines.joined(separator: "\n")
        case .scanNotFinished(let status, _):
            if ["running", "pending", "scheduled"].contains(status.lowercased()) {
                return "the scan is still running — retry in a minute" + (waitCommand.map { ", or `\($0)`" } ?? ", or `--wait-scan`")
            }
            return "ask a project admin of \(project ?? "the project") to scan it again\(see)"
        case .notScanned:
            return "ask a project admin of \(project ?? "the project") to scan it (Harbor can scan on push)\(see)"
        case .unsigned:
            return "sign it with cosign (`cosign sign` on the image's digest), or ask a project admin of \(project ?? "the project")\(see)"
        case .immutableTag(let repository, let tag):
            return "an immutable-tag rule of \(project ?? "the project") protects \(repository):\(tag); Harbor keeps it as first pushed. Nothing was changed."
        case .quotaExceeded:
            return "delete tags you no longer need (Harbor frees the space after garbage collection), or ask a project admin of \(project ?? "the project") for a larger quota. No tag was written."
        case .readOnly:
            return "an administrator switched Harbor to read-only (maintenance, migration); pulls still work — retry the push later"
        case .noAccess:
            return nil
        }
    }

    public var exitStatus: ExitStatus {
        switch refusal {
        case .vulnerable: .vulnerableImage
        case .scanNotFinished: .scanNotFinished
        case .notScanned: .notScanned
        case .unsigned: .unsigned
        case .immutableTag: .immutableTag
        case .quotaExceeded: .quotaExceeded
        case .readOnly: .readOnly
        case .noAccess(_, let action): action == "pull" ? .credentialsRejected : .pushDenied
        }
    }
}

/// What the API says about one artifact that decides a pull, where the account may read it
/// (`with_scan_overview`, `with_accessory`, `with_immutable_status` on the artifact list; the
/// vulnerability report addition only where it is readable — not with a CLI secret outside public projects).
public struct ArtifactPolicyFacts: Sendable, Equatable {
    /// Counts by Harbor's severity word (`Critical`, `High`, …).
    public var counts: [String: Int]
    public var topVulnerabilities: [(id: String, severity: String)]

    public init(counts: [String: Int], topVulnerabilities: [(id: String, severity: String)] = []) {
        self.counts = counts
        self.topVulnerabilities = topVulnerabilities
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.counts == b.counts && a.topVulnerabilities.map(\.id) == b.topVulnerabilities.map(\.id)
    }

    static let order = ["Critical", "High", "Medium", "Low", "Negligible", "Unknown"]

    /// `3 critical and 5 high vulnerabilities`; nil when nothing was counted.
    var countsText: String? {
        let parts = Self.order.compactMap { severity -> (String, Int)? in
            guard let count = counts[severity], count > 0 else { return nil }
            return (severity.lowercased(), count)
        }
        guard !parts.isEmpty else { return nil }
        let total = parts.map(\.1).reduce(0, +)
        let words = parts.map { "\($0.1) \($0.0)" }
        let joined = words.count == 1 ? words[0] : words.dropLast().joined(separator: ", ") + " and " + words.last!
        return joined + (total == 1 ? " vulnerability" : " vulnerabilities")
    }
}
