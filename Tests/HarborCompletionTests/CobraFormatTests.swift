import HarborCompletion
import Testing

/// cobra's `__complete` wire format (spf13/cobra completions.go, v1.9.1 as vendored in docker/cli
/// 28.2): `value[\tdescription]` lines, then `:DIRECTIVE`.
@Suite("cobra format and directives")
struct CobraFormatTests {
    @Test("candidates with descriptions, then the directive")
    func withDescriptions() {
        let result = CompletionResult([CompletionCandidate("demo/", "developer"), CompletionCandidate("library/", "public")], directive: [.noSpace, .noFileCompletion])
        #expect(result.formatted(descriptions: true) == "demo/\tdeveloper\nlibrary/\tpublic\n:6\n")
        #expect(result.formatted(descriptions: false) == "demo/\nlibrary/\n:6\n")
    }

    @Test("only the first line of a value or description, trimmed; empty values dropped")
    func cleaning() {
        let result = CompletionResult([CompletionCandidate(" a \nb", "one\ntwo"), CompletionCandidate("", "x")])
        #expect(result.formatted(descriptions: true) == "a\tone\n:4\n")
    }

    static let directives: [(String, CompletionDirective, Int)] = [
        ("error", .error, 1), ("noSpace", .noSpace, 2), ("noFileCompletion", .noFileCompletion, 4),
        ("filterFileExtensions", .filterFileExtensions, 8), ("filterDirectories", .filterDirectories, 16), ("keepOrder", .keepOrder, 32),
        ("noSpace|noFileCompletion|keepOrder", [.noSpace, .noFileCompletion, .keepOrder], 38),
    ]

    @Test("directive bits")
    func bits() {
        for (name, directive, value) in Self.directives {
            #expect(CompletionResult([], directive: directive).formatted(descriptions: true) == ":\(value)\n", "\(name)")
        }
    }

    @Test("chart archives: the extension, filtered by the shell")
    func chartArchives() {
        #expect(CompletionSources.chartArchives.formatted(descriptions: true) == "tgz\n:8\n")
    }
}
