import Foundation
import ArgumentParser
import HarborAPI
import HarborCore

/// `docker harbor projects`: the projects you are a member of, with your role, and the public
/// ones anyone may pull from.
struct ProjectsCommand: AsyncParsableCommand, ListingCompleting {
    static let configuration = CommandConfiguration(
        commandName: "projects",
        abstract: "List your Harbor projects with your role",
        discussion: """
            Shows each project key with your role (project admin, maintainer and developer may \
            push; guest and limited guest may pull), whether it is public, and how many \
            repositories it has. Public projects you are not a member of come last, with role \
            'public'. The credentials are checked first: Harbor answers a wrong secret with the \
            public projects only, as if they were yours.

            Fields for --format templates: .Name .Role .Visibility .Repositories .Push
            """
    )

    @OptionGroup var options: ListingOptions

    static func completeArgument(_ index: Int, prefix: String, context: CommandContext) async -> CompletionResult {
        CompletionResult([])
    }

    static let fields = ["Name", "Role", "Visibility", "Repositories", "Push"]

    func run() async throws {
        let context = CommandContext.current
        let printer = options.printer(context)
        try printer.validate(fieldNames: Self.fields)
        let account = try HarborAccount.open(options.instance, caFile: options.caFile, timeout: options.timeout, context: context)
        let listing: ProjectLister.Listing
        do {
            listing = try await ProjectLister.list(using: account.client)
        } catch {
            throw account.failure(error, doing: "cannot list the projects on \(account.instance.host)")
        }
        account.cache.writeProjects(listing.memberProjects + listing.publicProjects, fetched: account.context.clock.now())
        let rows = (listing.memberProjects + listing.publicProjects).map(Self.row)
        try printer.print(rows, columns: Self.fields)
        if rows.isEmpty, !options.quiet, options.format == .table {
            context.output.printError("You are not a member of any project on \(account.instance.host), and it has no public projects.")
        }
    }

    static func row(_ project: HarborProject) -> ListingRow {
        let role = project.role?.name ?? "public"
        let visibility = project.isPublic.map { $0 ? "public" : "private" } ?? "-"
        return ListingRow(fields: [
            .init(name: "Name", shown: project.name, exact: project.name, json: .string(project.name)),
            .init(name: "Role", shown: role, exact: role, json: project.role.map { ListingRow.JSONValue.string($0.name) } ?? .null),
            .init(name: "Visibility", shown: visibility, exact: visibility, json: .string(visibility)),
            .init(name: "Repositories", shown: project.repositoryCount.map(String.init) ?? "-", exact: project.repositoryCount.map(String.init) ?? "",
                  json: project.repositoryCount.map { ListingRow.JSONValue.number(Int64($0)) } ?? .null),
            .init(name: "Push", shown: project.canPush ? "yes" : "no", exact: project.canPush ? "yes" : "no", json: .bool(project.canPush)),
        ], name: project.name)
    }
}
