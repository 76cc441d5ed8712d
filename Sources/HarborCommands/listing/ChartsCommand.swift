import ArgumentParser
import Foundation
import HarborAPI
import HarborCore

/// `helm harbor charts [PKEY]`: the Helm charts of a project and their versions.
struct ChartsCommand: AsyncParsableCommand, ListingCompleting {
    static let configuration = CommandConfiguration(
        commandName: "charts",
        abstract: "List the Helm charts of a project and their versions",
        discussion: """
            PKEY defaults to the configured project (see 'use'). A chart is a repository holding \
            artifacts of type CHART; its versions are their tags, newest push first.

            Fields for --format templates: .Name .Versions .Latest .Updated
            """
    )

    @Argument(help: ArgumentHelp("Project key; default: the configured project.", valueName: "pkey"))
    var project: String?

    @OptionGroup var options: ListingOptions

    static func completeArgument(_ index: Int, prefix: String, context: CommandContext) async -> CompletionResult {
        guard index == 0 else { return CompletionResult([]) }
        return await context.completeProjectKeys(prefix)
    }

    static let fields = ["Name", "Versions", "Latest", "Updated"]

    func run() async throws {
        let context = CommandContext.current
        let printer = options.printer(context)
        try printer.validate(fieldNames: Self.fields)
        let account = try HarborAccount.open(options.instance, caFile: options.caFile, timeout: options.timeout, context: context)
        let project = try ProjectArgument.resolve(self.project, settings: account.settings, context: context)
        let client = account.client
        var charts: [(name: String, artifacts: [HarborArtifact])] = []
        do {
            let repositories = try await client.repositories(inProject: project)
            // One artifact list per repository, a few at a time.
            try await withThrowingTaskGroup(of: (String, [HarborArtifact]).self) { group in
                var pending = repositories.makeIterator()
                func startNext() {
                    guard let repository = pending.next() else { return }
                    group.addTask { (repository.path, try await client.artifacts(inProject: project, repository: repository.path, type: "CHART")) }
                }
                for _ in 0..<4 { startNext() }
                while let (path, artifacts) = try await group.next() {
                    let chartArtifacts = artifacts.filter(\.isChart)
                    if !chartArtifacts.isEmpty { charts.append((path, chartArtifacts)) }
                    startNext()
                }
            }
        } catch {
            throw account.failure(error, doing: "cannot list the charts of \(project) on \(account.instance.host)")
        }
        let now = account.context.clock.now()
        let rows = charts.sorted { $0.name < $1.name }.map { chart -> ListingRow in
            let newestFirst = chart.artifacts.sorted { ($0.pushTime ?? .distantPast) > ($1.pushTime ?? .distantPast) }
            let versions = newestFirst.flatMap { $0.tags.map(\.name) }
            let name = "\(project)/\(chart.name)"
            return ListingRow(fields: [
                .init(name: "Name", shown: name, exact: name, json: .string(name)),
                .init(name: "Versions", shown: versions.joined(separator: ", "), exact: versions.joined(separator: ","), json: .strings(versions)),
                .init(name: "Latest", shown: versions.first ?? "-", exact: versions.first ?? "", json: versions.first.map { ListingRow.JSONValue.string($0) } ?? .null),
                ListingTime.field("Updated", newestFirst.first?.pushTime, now: now),
            ], name: name)
        }
        try printer.print(rows, columns: Self.fields)
    }
}
