import ArgumentParser

/// `--format text|json` on commands that print data.
public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text
    case json

    static let candidates = [CompletionCandidate("--format", "Output format: text or json")]
}

/// Commands with `--format`: its flag and its values complete the same way everywhere.
protocol FormatCompleting: CompletionDescribing {}

extension FormatCompleting {
    static var completionFlags: [CompletionCandidate] { OutputFormat.candidates }
    static var valueFlags: Set<String> { ["--format"] }
    static func completePositional(_ index: Int, prefix: String, context: CommandContext) -> CompletionResult {
        index == -1 ? CompletionResult(OutputFormat.allCases.map { CompletionCandidate($0.rawValue) }) : CompletionResult([])
    }
}
