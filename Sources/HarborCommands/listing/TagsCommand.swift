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
            shown with its artifact's digest, type (IMAGE, CHART, …), size and push time.

            Fields for --format templates: .Tag .Digest .Type .Size .Pushed
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

    static let fields = ["Tag", "Digest", "Type", "Size", "Pushed"]

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
            artifacts = try await account.client.artifacts(inProject: reference.project, repository: reference.repository)
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
                ], name: tag.name)
            }
        }
    }
}
