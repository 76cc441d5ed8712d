import ArgumentParser
import Foundation
import HarborCore

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
