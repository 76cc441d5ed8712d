import ArgumentParser
import Foundation
import HarborCore

/// Columns padded to their widest cell, two spaces apart; on a terminal narrower than the
/// table, the widest column is shortened (with `…`) until it fits.
package enum TableLayout {
    package static func headerName(_ field: String) -> String {
        var result = ""
        for character in field {
            if character.isUppercase, !result.isEmpty { result += " " }
            result += character.uppercased()
        }
        return result
    }

    package static func lines(header: [String], rows: [[String]], width: Int?) -> [String] {
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
