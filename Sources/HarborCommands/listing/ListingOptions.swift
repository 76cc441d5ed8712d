import Foundation
import ArgumentParser
import HarborCore

/// The options every listing command (`projects`, `repos`, `tags`, `charts`) shares.
struct ListingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("table, json, or a template such as '{{.Name}}'.", valueName: "format"))
    var format: ListingFormat = .table

    @Flag(name: [.short, .long], help: "Print names only.")
    var quiet = false

    @Option(help: InstanceArgument.help)
    var instance: String?

    @OptionGroup var connection: ConnectionOptions

    var caFile: String? { connection.caFile }
    var timeout: Int? { connection.timeout }

    func printer(_ context: CommandContext) -> ListingPrinter {
        ListingPrinter(format: format, quiet: quiet, terminal: .standardOutput(environment: context.environment), output: context.output)
    }
}

/// A listing command's completion: its positional argument, and the values of `--format` and
/// `--instance` (the other flags complete as their definitions say).
protocol ListingCompleting: CompletionDescribing {
    static func completeArgument(_ index: Int, prefix: String, context: CommandContext) async -> CompletionResult
}

extension ListingCompleting {
    static func completeFlagValue(_ flag: String, prefix: String, context: CommandContext) async -> CompletionResult? {
        switch flag {
        case "--format": return CompletionResult(ListingFormat.valueCandidates.filter { $0.value.hasPrefix(prefix) })
        case "--instance": return context.completeInstances(prefix)
        default: return nil
        }
    }

    static func completePositional(_ index: Int, prefix: String, context: CommandContext) async -> CompletionResult {
        await completeArgument(index, prefix: prefix, context: context)
    }
}
