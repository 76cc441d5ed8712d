import Foundation
import HarborCommands
import HarborCore
import Testing

/// README's "Exit codes" table is `HarborCore.ExitStatus`: one row per status, in order, with its number
/// (the usage status as docker and Helm resolve it) and its meaning.
struct ExitStatusTableTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md")

    @Test func readmeTableListsEveryExitStatus() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let section = try #require(text.components(separatedBy: "### Exit codes\n").dropFirst().first)
        let rows = section.split(separator: "\n", omittingEmptySubsequences: false)
            .drop { !$0.hasPrefix("|") }.prefix { $0.hasPrefix("|") }.dropFirst(2).map(String.init)
        let expected = HarborCore.ExitStatus.allCases.map { status in
            "| \(status.documentedCode(docker: PluginFlavor.docker.exitCode(.usage), helm: PluginFlavor.helm.exitCode(.usage))) | \(status.meaning) |"
        }
        #expect(rows == expected)
    }

    @Test func everyFixedStatusHasItsOwnNumber() {
        let codes = HarborCore.ExitStatus.allCases.compactMap(\.fixedCode)
        #expect(Set(codes).count == codes.count)
        #expect(codes.count == HarborCore.ExitStatus.allCases.count - 1, "only the usage status has no fixed number")
        for status in HarborCore.ExitStatus.allCases where status != .usage {
            #expect(HarborCore.ExitStatus(code: status.fixedCode!) == status)
        }
        #expect(PluginFlavor.docker.exitCode(.usage) == 125)
        #expect(PluginFlavor.helm.exitCode(.usage) == 1)
    }
}
