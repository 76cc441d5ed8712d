import Foundation
import HarborAPI
import HarborCore
import HarborCredentials

/// After docker failed a pull or push against Harbor: asks Harbor's API why, instead of reading
/// docker's text. What a CLI secret may read decides what can be told (goharbor/harbor v2.7.0,
/// src/server/middleware/security/oidc_cli.go): the project list with its metadata (`prevent_vul`,
/// `severity`, `enable_content_trust_cosign`), the artifact list with `with_scan_overview`,
/// `with_accessory` and `with_immutable_status`, and `systeminfo` (`read_only`). The quota and the
/// vulnerability report are not on that list: the report is read where it is readable (robots,
/// public projects), the quota not at all.
enum RefusalDiagnosis {
    /// What Harbor's answers say about one artifact and its project.
    struct Facts {
        let project: HarborProject?
        let artifact: HarborArtifact?
    }

    static func account(for reference: ImageReference, settings: EffectiveSettings, timeout: Int?, context: CommandContext) -> HarborAccount? {
        guard let instance = try? Instance.resolve(reference.host, settings: settings) else { return nil }
        return try? HarborAccount.open(instance, caFile: nil, timeout: timeout, context: context, settings: settings)
    }

    static func facts(_ reference: ImageReference, account: HarborAccount) async throws -> Facts {
        let project = try await account.client.projects(nameContains: reference.project).first { $0.name == reference.project }
        let artifact = try await account.client.artifact(
            inProject: reference.project, repository: reference.repository, reference: reference.manifestReference)
        return Facts(project: project, artifact: artifact)
    }

    /// The refusal Harbor's policies give this pull, as Harbor's middlewares decide it: cosign first, then
    /// vulnerabilities (src/server/registry/route.go). nil when the policies allow it (or nothing is known).
    static func pullRefusal(_ facts: Facts) -> HarborRefusal? {
        guard let project = facts.project, let artifact = facts.artifact else { return nil }
        if project.requiresCosign, artifact.cosignSigned == false { return .unsigned }
        guard let blocked = project.blockedSeverity, artifact.type == "IMAGE" else { return nil }
        let severity = blocked.prefix(1).uppercased() + blocked.dropFirst().lowercased()
        guard let scan = artifact.scan else { return .notScanned(severity: severity) }
        guard scan.succeeded else { return .scanNotFinished(status: scan.status, severity: severity) }
        let worst = scan.counts.filter { $0.value > 0 }.keys.map(SeverityRank.rank).max() ?? 0
        guard worst >= SeverityRank.rank(severity) else { return nil }
        return .vulnerable(count: scan.total ?? scan.counts.values.reduce(0, +), severity: severity)
    }

    static func explainPull(_ reference: ImageReference, settings: EffectiveSettings, context: CommandContext) async -> HarborRefusalExplanation? {
        guard let account = account(for: reference, settings: settings, timeout: nil, context: context),
            let facts = try? await facts(reference, account: account), let refusal = pullRefusal(facts)
        else { return nil }
        var policyFacts: ArtifactPolicyFacts?
        if case .vulnerable(_, let severity) = refusal, let artifact = facts.artifact, let scan = artifact.scan {
            let readable = try? await account.client.vulnerabilities(
                inProject: reference.project, repository: reference.repository, digest: artifact.digest)
            let top = (readable ?? []).filter { SeverityRank.rank($0.severity) >= SeverityRank.rank(severity) }.prefix(3)
            policyFacts = ArtifactPolicyFacts(counts: scan.counts, topVulnerabilities: top.map { (id: $0.id, severity: $0.severity) })
        }
        let command = context.flavor.commandPath
        return HarborRefusalExplanation(
            refusal: refusal, subject: shortName(reference), project: reference.project,
            listingCommand: "\(command) tags \(reference.project)/\(reference.repository)",
            waitCommand: "\(command) pull --wait-scan \(shortName(reference))", facts: policyFacts)
    }

    /// Read-only mode (`systeminfo`), or an immutable tag that exists (`with_immutable_status`).
    static func explainPush(_ reference: ImageReference, settings: EffectiveSettings, context: CommandContext) async -> HarborRefusalExplanation? {
        guard let account = account(for: reference, settings: settings, timeout: nil, context: context) else { return nil }
        let listing = "\(context.flavor.commandPath) tags \(reference.project)/\(reference.repository)"
        if (try? await account.client.systemInfo())?.readOnly == true {
            return HarborRefusalExplanation(refusal: .readOnly, subject: shortName(reference), project: reference.project)
        }
        if let tag = reference.tag, reference.digest == nil,
            let artifact = try? await account.client.artifact(inProject: reference.project, repository: reference.repository, reference: tag),
            artifact.tags.contains(where: { $0.name == tag && $0.immutable })
        {
            return HarborRefusalExplanation(
                refusal: .immutableTag(repository: reference.repository, tag: tag), subject: shortName(reference), project: reference.project,
                listingCommand: listing)
        }
        return nil
    }

    /// `--wait-scan`: polls until the artifact's scan is no longer pending or running, within `seconds`.
    static func waitForScan(_ reference: ImageReference, settings: EffectiveSettings, seconds: Int, context: CommandContext) async throws {
        // The requests' own time limit leaves room for the last poll after `seconds`.
        guard let account = account(for: reference, settings: settings, timeout: seconds + 30, context: context) else { return }
        let start = context.clock.now()
        var told = false
        while true {
            let facts = try await facts(reference, account: account)
            guard facts.project?.blockedSeverity != nil, let scan = facts.artifact?.scan, scan.isInProgress else { return }
            let waited = context.clock.now().timeIntervalSince(start)
            if waited >= Double(seconds) {
                throw CommandFailure(
                    "the vulnerability scan of \(shortName(reference)) was still \(scan.status.lowercased()) after \(seconds) s",
                    hint: "wait longer with --timeout SECONDS (or HARBOR_TIMEOUT), or ask a project admin of \(reference.project) why the scan does not finish",
                    exitCode: .timeout)
            }
            if !told {
                context.output.printError("Waiting for the vulnerability scan of \(shortName(reference)) (\(scan.status.lowercased()))…")
                told = true
            }
            try await Task.sleep(for: .seconds(min(2, max(0.2, Double(seconds) - waited))))
        }
    }

    /// `pkey/app:1` (the host left out: the user typed a short form or knows it).
    static func shortName(_ reference: ImageReference) -> String {
        reference.path + (reference.digest.map { "@\($0)" } ?? ":\(reference.tag ?? "latest")")
    }
}

/// Harbor's severity ranking (goharbor/harbor v2.7.0, src/pkg/scan/vuln/severity.go `Code`).
enum SeverityRank {
    static func rank(_ word: String) -> Int {
        switch word.lowercased() {
        case "critical": 5
        case "high": 4
        case "medium": 3
        case "low": 2
        case "negligible": 1
        default: 0
        }
    }
}
