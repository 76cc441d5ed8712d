import ArgumentParser
import Foundation
import HarborCore

/// `--format` of the listing commands: `table` (the default), `json` (one object per line, as
/// docker's `--format json`), or a docker-style template such as `'{{.Name}}\t{{.Role}}'`,
/// optionally starting with `table ` for a header and aligned columns.
package enum ListingFormat: Equatable, ExpressibleByArgument {
    case table
    case json
    case template(String, table: Bool)

    package init?(argument: String) {
        switch argument {
        case "table": self = .table
        case "json": self = .json
        default:
            guard argument.contains("{{") else { return nil }
            // docker's formatter: `table ` prefix, and `\t`/`\n` as typed become tab and newline
            // (docker/cli cli/command/formatter/formatter.go `preFormat`).
            var text = argument
            let table = text.hasPrefix("table ")
            if table { text.removeFirst("table ".count) }
            text = text.trimmingCharacters(in: .init(charactersIn: " "))
                .replacingOccurrences(of: "\\t", with: "\t").replacingOccurrences(of: "\\n", with: "\n")
            self = .template(text, table: table)
        }
    }

    static let valueCandidates = [
        CompletionCandidate("table", "aligned columns"), CompletionCandidate("json", "one JSON object per line"),
    ]
}
