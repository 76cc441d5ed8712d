import HarborCore

/// Commands whose arguments complete before the commands themselves are part of this tree:
/// `docker harbor pull|push REFERENCE` and `helm harbor push CHART.tgz PKEY` (built in their own
/// change). Completion goes by argument position, so a TAB works the same once they land; a
/// command that exists in the tree takes precedence over this table.
struct PendingCommand {
    enum Kind { case pull, push, helmPush }

    let kind: Kind
    let flags: [CompletionCandidate]
    let valueFlags: Set<String>

    static func named(_ word: String, flavor: PluginFlavor) -> PendingCommand? {
        switch (flavor, word) {
        case (.docker, "pull"): PendingCommand(kind: .pull, flags: [], valueFlags: [])
        case (.docker, "push"): PendingCommand(kind: .push, flags: [], valueFlags: [])
        case (.helm, "push"):
            PendingCommand(
                kind: .helmPush,
                flags: [CompletionCandidate("--ca-file", "Trust this CA certificate"), CompletionCandidate("--timeout", "Seconds to wait")],
                valueFlags: ["--ca-file", "--timeout"])
        default: nil
        }
    }

    func complete(_ index: Int, prefix: String, context: CommandContext) async -> CompletionResult {
        switch (kind, index) {
        case (.pull, 0):
            return await context.completeReference(prefix, purpose: .pull)
        case (.push, 0):
            return await context.completeReference(prefix, purpose: .push)
        case (.helmPush, 0):
            return CompletionSources.chartArchives
        case (.helmPush, 1):
            guard let sources = context.completionSources() else { return CompletionResult([]) }
            return await sources.referenceCompleter().pushTargets(prefix)
        default:
            return CompletionResult([])
        }
    }
}
