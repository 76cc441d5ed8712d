import Foundation

/// One completion: the word and, optionally, a description shown beside it.
public struct CompletionCandidate: Equatable, Sendable {
    public var value: String
    public var description: String?

    public init(_ value: String, _ description: String? = nil) {
        self.value = value
        self.description = description
    }
}

/// cobra's ShellCompDirective bits (spf13/cobra completions.go, v1.9.1 as vendored in docker/cli
/// v28.2.2, v1.10.2 as Helm 3.21 and 4.2 use it).
public struct CompletionDirective: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let error = CompletionDirective(rawValue: 1)
    public static let noSpace = CompletionDirective(rawValue: 2)
    public static let noFileCompletion = CompletionDirective(rawValue: 4)
    public static let filterFileExtensions = CompletionDirective(rawValue: 8)
    public static let filterDirectories = CompletionDirective(rawValue: 16)
    public static let keepOrder = CompletionDirective(rawValue: 32)
}

/// What a command offers for the word under the cursor.
public struct CompletionResult: Equatable, Sendable {
    public var candidates: [CompletionCandidate]
    public var directive: CompletionDirective

    public init(_ candidates: [CompletionCandidate], directive: CompletionDirective = .noFileCompletion) {
        self.candidates = candidates
        self.directive = directive
    }

    public static func == (lhs: CompletionResult, rhs: CompletionResult) -> Bool {
        lhs.candidates == rhs.candidates && lhs.directive.rawValue == rhs.directive.rawValue
    }

    /// cobra's wire format: `value[\tdescription]` lines, then `:directive`.
    /// Only the first line of each entry is kept and trimmed, as cobra does.
    public func formatted(descriptions: Bool) -> String {
        var text = ""
        text.reserveCapacity(candidates.count * 32 + 8)
        for candidate in candidates {
            let value = firstLine(candidate.value)
            guard !value.isEmpty else { continue }
            text += value
            if descriptions, let description = candidate.description.map(firstLine), !description.isEmpty {
                text += "\t" + description
            }
            text += "\n"
        }
        return text + ":\(directive.rawValue)\n"
    }

    private func firstLine(_ text: String) -> String {
        // Most values need nothing done: skip the splitting and trimming (a TAB may print
        // a thousand candidates, and it runs while the user waits).
        let utf8 = text.utf8
        if let first = utf8.first, let last = utf8.last, first != 0x20, first != 0x09, last != 0x20, last != 0x09,
           !utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) {
            return text
        }
        return String(text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            .trimmingCharacters(in: .whitespaces)
    }
}

import Foundation
