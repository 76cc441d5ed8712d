import ArgumentParser
import Foundation
import HarborAPI
import HarborCore

/// `docker harbor tags PKEY/REPO`: the tags of a repository, with digest, type, size and push time.
struct TagsCommand: AsyncParsableCommand, ListingCompleting {
    static let configuration = CommandConfiguration(
        commandName: "tags",
        abstract: "List the tags of a repository",
        discussion: """
            REPOSITORY is PKEY/REPO, REPO in the default project, or HOST/PKEY/REPO. Each tag is \
            shown with its artifact's digest, type (IMAGE, CHART, …), size and push time, and what \
            decides a pull: the vulnerability scan (status, highest severity, counts), a cosign \
            signature, and whether the tag is immutable.

            Fields for --format templates: .Tag .Digest .Type .Size .Pushed .Scan .Signed .Immutable
            """
    )

    @Argument(help: ArgumentHelp("The repository: PKEY/REPO, REPO or HOST/PKEY/REPO.", valueName: "repository"))
    var repository: String

    @OptionGroup var options: ListingOptions

    static func completeArgument(_ index: Int, prefix: String, context: CommandContext) async -> CompletionResult {
        guard index == 0, let sources = context.completionSources() else { return CompletionResult([]) }
        // Repositories only: a tag is not part of this argument.
        if prefix.contains(":") || prefix.contains("@") { return CompletionResult([]) }
        return await sources.referenceCompleter().complete(prefix, purpose: .pull)
    }

    static let fields = ["Tag", "Digest", "Type", "Size", "Pushed", "Scan", "Signed", "Immutable"]

    func run() async throws {
        let context = CommandContext.current
        let printer = options.printer(context)
        try printer.validate(fieldNames: Self.fields)
        let settings = try context.settings()
        // `--instance` is where a short PKEY/REPO lives, as the configured instance would be.
        let named = try options.instance.map { try InstanceArgument.resolve($0, context: context, settings: settings) }
        var defaults = try settings.referenceDefaults(command: context.flavor.commandPath)
        if let named { defaults.host = named.host }
        let reference = try ImageReference.resolve(repository, defaults: defaults, allowOCIScheme: true)
        if let named, named.host.lowercased() != reference.host.lowercased() {
            throw CommandFailure(
                "\(repository) is on \(reference.host), but --instance names \(named.host)",
                hint: "give one of them: the full reference, or PKEY/REPO with --instance", exitCode: .usage)
        }
        let instance = named ?? Instance(host: reference.host)
        let account = try HarborAccount.open(instance, caFile: options.caFile, timeout: options.timeout, context: context, settings: settings)
        let artifacts: [HarborArtifact]
        do {
            artifacts = try await account.client.artifacts(inProject: reference.project, repository: reference.repository, withPolicy: true)
        } catch {
            throw account.failure(error, doing: "cannot list the tags of \(reference.project)/\(reference.repository) on \(account.instance.host)")
        }
        account.cache.write("artifacts/\(reference.project)/\(reference.repository)", artifacts, fetched: account.context.clock.now())
        try printer.print(Self.rows(artifacts, now: account.context.clock.now()), columns: Self.fields)
    }

    static func rows(_ artifacts: [HarborArtifact], now: Date) -> [ListingRow] {
        artifacts.flatMap { artifact in
            artifact.tags.map { tag in
                let short = artifact.digest.hasPrefix("sha256:") ? String(artifact.digest.prefix(7 + 12)) : artifact.digest
                return ListingRow(fields: [
                    .init(name: "Tag", shown: tag.name, exact: tag.name, json: .string(tag.name)),
                    .init(name: "Digest", shown: short, exact: artifact.digest, json: .string(artifact.digest)),
                    .init(name: "Type", shown: artifact.type, exact: artifact.type, json: .string(artifact.type)),
                    .init(name: "Size", shown: artifact.size.map(ByteCount.format) ?? "-", exact: artifact.size.map(String.init) ?? "",
                          json: artifact.size.map { ListingRow.JSONValue.number($0) } ?? .null),
                    ListingTime.field("Pushed", tag.pushTime ?? artifact.pushTime, now: now),
                    scanField(artifact),
                    .init(name: "Signed", shown: artifact.cosignSigned.map { $0 ? "cosign" : "no" } ?? "-",
                          exact: artifact.cosignSigned.map { $0 ? "true" : "false" } ?? "", json: artifact.cosignSigned.map { .bool($0) } ?? .null),
                    .init(name: "Immutable", shown: tag.immutable ? "yes" : "no", exact: tag.immutable ? "true" : "false", json: .bool(tag.immutable)),
                ], name: tag.name)
            }
        }
    }

    /// `high (3C 5H)`: the highest severity and the counts (C, H, M, L); `running`, `pending`, `error`
    /// while there is no result; `not scanned`; `-` for what Harbor does not scan (charts).
    static func scanField(_ artifact: HarborArtifact) -> ListingRow.Field {
        guard artifact.type == "IMAGE" else { return .init(name: "Scan", shown: "-", exact: "", json: .null) }
        guard let scan = artifact.scan else {
            return .init(name: "Scan", shown: "not scanned", exact: "not scanned", json: .object([("status", .string("not scanned"))]))
        }
        guard scan.succeeded else {
            return .init(name: "Scan", shown: scan.status.lowercased(), exact: scan.status.lowercased(), json: .object([("status", .string(scan.status))]))
        }
        let letters = [("Critical", "C"), ("High", "H"), ("Medium", "M"), ("Low", "L")]
        let counts = letters.compactMap { word, letter in scan.counts[word].flatMap { $0 > 0 ? "\($0)\(letter)" : nil } }
        let severity = (scan.severity ?? "None").lowercased()
        let shown = severity == "none" ? "clean" : severity + (counts.isEmpty ? "" : " (\(counts.joined(separator: " ")))")
        let json: [(String, ListingRow.JSONValue)] = [("status", .string(scan.status)), ("severity", .string(scan.severity ?? "None"))]
            + letters.map { word, _ in (word.lowercased(), .number(Int64(scan.counts[word] ?? 0))) }
        return .init(name: "Scan", shown: shown, exact: shown, json: .object(json))
    }
}
