/// Flag lines laid out as spf13/pflag's `FlagUsagesWrapped` does (the layout of docker's
/// `Options:` and helm's `Flags:`; pflag v1.0.6 flag.go): `  -u, --username string` or
/// `      --name`, the help starting two columns after the longest flag, ` (default x)` appended,
/// and with a width, the help wrapped at word boundaries with a little slop for short last words.
struct FlagTable {
    struct Row {
        var short: String?
        var long: String
        var valueName: String?
        var help: String
    }

    var rows: [Row]

    /// The rows sorted by long name, as pflag prints them.
    func rendered(width: Int?) -> String {
        let sorted = rows.sorted { $0.long < $1.long }
        let heads = sorted.map { row -> String in
            var head = row.short.map { "  -\($0), --\(row.long)" } ?? "      --\(row.long)"
            if let valueName = row.valueName { head += " " + valueName }
            return head
        }
        let column = (heads.map(\.count).max() ?? 0) + 1
        return zip(sorted, heads).map { row, head in
            let spacing = String(repeating: " ", count: column - head.count)
            let help = Self.wrap(indent: column + 2, width: width ?? 0, row.help)
            return (head + " " + spacing + " " + help).trailingSpacesTrimmed
        }.joined(separator: "\n")
    }

    /// pflag's `wrap(i, w, s)`: text starting at column `indent`, wrapped to `width` (0: no wrapping).
    static func wrap(indent: Int, width: Int, _ text: String) -> String {
        var indent = indent
        let newlineIndent = { (i: Int) in "\n" + String(repeating: " ", count: i) }
        if width == 0 { return text.replacingOccurrences(of: "\n", with: newlineIndent(indent)) }
        var room = width - indent
        var result = ""
        if room < 24 {
            indent = 16
            room = width - indent
            result += newlineIndent(indent)
        }
        if room < 24 { return text.replacingOccurrences(of: "\n", with: result) }
        let slop = 5
        room -= slop
        var (line, rest) = wrapLine(room, slop, Substring(text))
        result += line.replacingOccurrences(of: "\n", with: newlineIndent(indent))
        while !rest.isEmpty {
            (line, rest) = wrapLine(room, slop, rest)
            result += newlineIndent(indent) + line.replacingOccurrences(of: "\n", with: newlineIndent(indent))
        }
        return result
    }

    /// pflag's `wrapN`: the first line of at most `limit` characters (or `limit + slop` when
    /// that finishes the text), and the rest.
    static func wrapLine(_ limit: Int, _ slop: Int, _ text: Substring) -> (String, Substring) {
        let characters = Array(text)
        if limit + slop > characters.count { return (String(text), "") }
        let head = characters[..<limit]
        guard let space = head.lastIndex(where: { $0 == " " || $0 == "\t" || $0 == "\n" }), space > 0 else { return (String(text), "") }
        if let newline = head.lastIndex(of: "\n"), newline > 0, newline < space {
            return (String(characters[..<newline]), Substring(String(characters[(newline + 1)...])))
        }
        return (String(characters[..<space]), Substring(String(characters[(space + 1)...])))
    }
}

extension String {
    var trailingSpacesTrimmed: String {
        var text = Substring(self)
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
