import ArgumentParser
import Foundation
import HarborAPI
import HarborCore

/// `docker harbor repos [PKEY]`: the repositories of a project.
struct ReposCommand: AsyncParsableCommand, ListingCompleting {
    static let configuration = CommandConfiguration(
        commandName: "repos",
        abstract: "List the repositories of a project",
        discussion: """
            PKEY defaults to the configured project (see 'use'). Names are shown in full \
            (PKEY/REPO), ready for pull.

            Fields for --format templates: .Name .Artifacts .Updated
            """
    )

    @Argument(help: ArgumentHelp("Project key; default: the configured project.", valueName: "pkey"))
    var project: String?

    @OptionGroup var options: ListingOptions

    static func completeArgument(_ index: Int, prefix: String, context: CommandContext) async -> CompletionResult {
        guard index == 0 else { return CompletionResult([]) }
        return await context.completeProjectKeys(prefix)
    }

    static let fields = ["Name", "Artifacts", "Updated"]

    func run() async throws {
        let context = CommandContext.current
        let printer = options.printer(context)
        try printer.validate(fieldNames: Self.fields)
        let account = try HarborAccount.open(options.instance, caFile: options.caFile, timeout: options.timeout, context: context)
        let project = try ProjectArgument.resolve(self.project, settings: account.settings, context: context)
        let repositories: [HarborRepository]
        do {
            repositories = try await account.client.repositories(inProject: project)
        } catch {
            throw account.failure(error, doing: "cannot list the repositories of \(project) on \(account.instance.host)")
        }
        account.cache.write("repositories/\(project)", repositories, fetched: account.context.clock.now())
        let now = account.context.clock.now()
        let rows = repositories.map { repository in
            ListingRow(fields: [
                .init(name: "Name", shown: repository.name, exact: repository.name, json: .string(repository.name)),
                .init(name: "Artifacts", shown: repository.artifactCount.map(String.init) ?? "-", exact: repository.artifactCount.map(String.init) ?? "",
                      json: repository.artifactCount.map { ListingRow.JSONValue.number(Int64($0)) } ?? .null),
                ListingTime.field("Updated", repository.updateTime, now: now),
            ], name: repository.name)
        }
        try printer.print(rows, columns: Self.fields)
    }
}
