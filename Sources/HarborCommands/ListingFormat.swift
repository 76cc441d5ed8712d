import ArgumentParser
import Foundation
import HarborCore

/// `--format` of the listing commands: `table` (the default), `json` (one object per line, as
/// docker's `--format json`), or a docker-style template such as `'{{.Name}}\t{{.Role}}'`,
/// optionally starting with `table ` for a header and aligned columns.
enum ListingFormat: Equatable, ExpressibleByArgument {
    case table
    case json
    case template(String, table: Bool)

    init?(argument: String) {
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

/// One row of a listing: fields in column order, with what a table shows and what JSON and
/// templates get.
struct ListingRow {
    struct Field {
        let name: String
        /// For tables on a terminal (relative times, short digests).
        let shown: String
        /// For JSON, templates and pipes (RFC 3339 times, full digests).
        let exact: String
        let json: JSONValue
    }

    enum JSONValue: Encodable {
        case string(String)
        case number(Int64)
        case bool(Bool)
        case strings([String])
        case null

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let value): try container.encode(value)
            case .number(let value): try container.encode(value)
            case .bool(let value): try container.encode(value)
            case .strings(let value): try container.encode(value)
            case .null: try container.encodeNil()
            }
        }
    }

    var fields: [Field]
    /// What `--quiet` prints.
    var name: String
}

/// Prints listing rows in the chosen format, tables fitted to the terminal's width.
struct ListingPrinter {
    let format: ListingFormat
    let quiet: Bool
    let terminal: TerminalInfo
    let output: Output

    /// Fails before anything is printed when a template names a field the listing does not have.
    func validate(fieldNames: [String]) throws {
        guard case .template(let text, _) = format else { return }
        for field in try TemplateText.fields(in: text) where !fieldNames.contains(field) {
            throw CommandFailure(
                "template: the field .\(field) does not exist",
                hint: "fields: " + fieldNames.map { ".\($0)" }.joined(separator: ", "),
                exitCode: .failure)
        }
    }

    func print(_ rows: [ListingRow], columns: [String]) throws {
        if quiet {
            for row in rows { output.print(row.name) }
            return
        }
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for row in rows {
                var object: [String: ListingRow.JSONValue] = [:]
                for field in row.fields { object[field.name] = field.json }
                output.print(String(decoding: try encoder.encode(object), as: UTF8.self))
            }
        case .table:
            let header = columns.map { TableLayout.headerName($0) }
            let cells = rows.map { row in columns.map { column in row.fields.first { $0.name == column }.map { terminal.isTerminal ? $0.shown : $0.exact } ?? "" } }
            for line in TableLayout.lines(header: header, rows: cells, width: terminal.isTerminal ? terminal.width : nil) { output.print(line) }
        case .template(let text, let table):
            let rendered = try rows.map { row in
                try TemplateText.render(text) { name in row.fields.first { $0.name == name }?.exact }
            }
            if table {
                let header = try TemplateText.render(text) { TableLayout.headerName($0) }
                let split = { (line: String) in line.components(separatedBy: "\t") }
                let lines = TableLayout.lines(header: split(header), rows: rendered.map(split), width: nil)
                for line in lines { output.print(line) }
            } else {
                for line in rendered { output.print(line) }
            }
        }
    }
}

/// `{{.Field}}` substitution, the part of Go's text/template docker users write in `--format`.
enum TemplateText {
    static func fields(in text: String) throws -> [String] {
        var names: [String] = []
        _ = try render(text) { name in
            names.append(name)
            return ""
        }
        return names
    }

    static func render(_ text: String, value: (String) -> String?) throws -> String {
        var result = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            result += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw CommandFailure("template: unclosed action: a '{{' has no '}}'", hint: "write fields as {{.Name}}")
            }
            let action = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard action.hasPrefix("."), action.count > 1, action.dropFirst().allSatisfy({ $0.isLetter || $0.isNumber }) else {
                throw CommandFailure("template: '{{\(action)}}' is not supported", hint: "only fields are: write them as {{.Name}}")
            }
            let name = String(action.dropFirst())
            guard let text = value(name) else {
                throw CommandFailure("template: the field .\(name) does not exist")
            }
            result += text
            rest = rest[close.upperBound...]
        }
        return result + rest
    }
}

/// Columns padded to their widest cell, two spaces apart; on a terminal narrower than the
/// table, the widest column is shortened (with `…`) until it fits.
enum TableLayout {
    static func headerName(_ field: String) -> String {
        var result = ""
        for character in field {
            if character.isUppercase, !result.isEmpty { result += " " }
            result += character.uppercased()
        }
        return result
    }

    static func lines(header: [String], rows: [[String]], width: Int?) -> [String] {
        let all = [header] + rows
        let count = all.map(\.count).max() ?? 0
        var widths = (0..<count).map { column in all.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        if let width, count > 0 {
            let gap = 2 * (count - 1)
            while widths.reduce(0, +) + gap > width {
                // Shorten the widest column but the last, never below its header (or 8).
                guard let widest = widths.indices.max(by: { widths[$0] < widths[$1] }) else { break }
                let floor = max(8, header.indices.contains(widest) ? header[widest].count : 0)
                if widths[widest] <= floor { break }
                widths[widest] -= 1
            }
        }
        return all.map { row in
            var line = ""
            for (index, cell) in row.enumerated() {
                let fitted = cell.count > widths[index] ? String(cell.prefix(max(0, widths[index] - 1))) + "…" : cell
                line += index == row.count - 1 ? fitted : fitted.padding(toLength: widths[index], withPad: " ", startingAt: 0) + "  "
            }
            return String(line.reversed().drop(while: { $0 == " " }).reversed())
        }
    }
}
