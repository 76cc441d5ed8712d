import Foundation

/// A JSON text that can be edited without disturbing what the edit does not touch.
///
/// Docker and Helm rewrite config.json through a struct and drop keys they don't know; we don't.
/// An edit replaces only the bytes of the value it changes (or inserts/removes one member),
/// so key order, whitespace, number spelling, string escapes (`\u003c`), unknown keys and
/// other hosts' entries stay byte for byte as they were.
///
/// New members follow the style of the object they go into: on their own line with the
/// indentation of their siblings, or inline with the siblings' separator. A new file is
/// written like docker writes it (`json.MarshalIndent` with a tab, no final newline).
///
/// Duplicate keys: the document is kept as it is. Reads see the last occurrence (Go's
/// `encoding/json` does the same, so docker and Helm agree with us); `set` changes the last
/// occurrence; `remove` removes every occurrence, so that no older duplicate resurfaces.
public struct JSONDocument: Sendable {
    public let path: String
    public private(set) var bytes: [UInt8]
    /// Nil when the text is empty or only whitespace.
    public private(set) var root: JSONNode?

    /// Parses `bytes`; `path` is only used in error messages.
    public init(bytes: [UInt8], path: String) throws(JSONSyntaxError) {
        self.path = path
        self.bytes = bytes
        root = try JSONParser.parse(bytes, path: path)
    }

    public init(data: Data, path: String) throws(JSONSyntaxError) {
        try self.init(bytes: [UInt8](data), path: path)
    }

    public var data: Data { Data(bytes) }

    /// The value at `keyPath` (object keys from the top), or nil if any step is missing or not an object.
    public func node(at keyPath: [String]) -> JSONNode? {
        var current = root
        for key in keyPath { current = current?[key] }
        return current
    }

    /// Sets the value at `keyPath`, creating missing objects on the way. A `null` on the way is
    /// replaced by an object (Go reads `null` as absent); anything else on the way is an error.
    /// Setting a value to what it already is (same serialized text) changes nothing.
    public mutating func set(_ value: JSONNewValue, at keyPath: [String]) throws(JSONEditError) {
        precondition(!keyPath.isEmpty, "set needs at least one key")
        guard let root else {
            replace(0..<bytes.count, with: Self.serialize(Self.nest(value, under: keyPath), indent: "", style: .docker))
            return
        }
        guard case .object = root.kind else { throw JSONEditError(path: path, keyPath: [], found: root.kindDescription) }
        let style = documentStyle()
        var object = root
        for (depth, key) in keyPath.enumerated() {
            let rest = Array(keyPath[(depth + 1)...])
            guard let member = object.members?.last(where: { $0.key == key }) else {
                insertMember(key, Self.nest(value, under: rest), into: object, style: style)
                return
            }
            if rest.isEmpty || member.value.isNull {
                let text = Self.serialize(Self.nest(value, under: rest), indent: lineIndent(at: member.keyRange.lowerBound), style: style.inline ? .compact : style)
                if bytes[member.value.range] != text[...] { replace(member.value.range, with: text) }
                return
            }
            guard case .object = member.value.kind else {
                throw JSONEditError(path: path, keyPath: Array(keyPath[...depth]), found: member.value.kindDescription)
            }
            object = member.value
        }
    }

    /// Removes every occurrence of the last key of `keyPath` from its object.
    /// Returns whether anything was removed.
    @discardableResult
    public mutating func remove(at keyPath: [String]) -> Bool {
        guard let key = keyPath.last else { return false }
        var removed = false
        while let object = node(at: Array(keyPath.dropLast())), let members = object.members,
            let index = members.lastIndex(where: { $0.key == key })
        {
            let member = members[index]
            if members.count == 1 {
                replace((object.range.lowerBound + 1)..<(object.range.upperBound - 1), with: [])
            } else if index < members.count - 1 {
                replace(member.keyRange.lowerBound..<members[index + 1].keyRange.lowerBound, with: [])
            } else {
                replace(members[index - 1].value.range.upperBound..<member.value.range.upperBound, with: [])
            }
            removed = true
        }
        return removed
    }

    // MARK: - Splicing

    private mutating func replace(_ range: Range<Int>, with replacement: [UInt8]) {
        bytes.replaceSubrange(range, with: replacement)
        do {
            root = try JSONParser.parse(bytes, path: path)
        } catch {
            // Every splice puts a complete value or member where one was; anything else is a bug here.
            preconditionFailure("JSONDocument produced invalid JSON: \(error)")
        }
    }

    private mutating func insertMember(_ key: String, _ value: JSONNewValue, into object: JSONNode, style: Style) {
        let members = object.members ?? []
        if let first = members.first, let last = members.last {
            let colon = Array(bytes[first.keyRange.upperBound..<first.value.range.lowerBound])
            let leading = bytes[(object.range.lowerBound + 1)..<first.keyRange.lowerBound]
            var text: [UInt8] = [UInt8(ascii: ",")]
            if let newline = leading.lastIndex(of: 0x0A) {
                let memberIndent = String(decoding: bytes[(newline + 1)..<first.keyRange.lowerBound], as: UTF8.self)
                text += Array((style.newline + memberIndent).utf8)
                text += Self.quote(key) + colon + Self.serialize(value, indent: memberIndent, style: style.inline ? .compact : style)
            } else {
                var separator: [UInt8] = []
                if members.count >= 2 {
                    // The bytes between the first value and the second key, without the comma.
                    separator = bytes[members[0].value.range.upperBound..<members[1].keyRange.lowerBound].filter { $0 != UInt8(ascii: ",") }
                }
                text += separator + Self.quote(key) + colon + Self.serialize(value, indent: "", style: .compact)
            }
            let end = last.value.range.upperBound
            replace(end..<end, with: text)
        } else {
            let inner = (object.range.lowerBound + 1)..<(object.range.upperBound - 1)
            if style.inline {
                replace(inner, with: Self.quote(key) + style.colon + Self.serialize(value, indent: "", style: .compact))
            } else {
                let base = lineIndent(at: object.range.lowerBound)
                let text = style.newline + base + style.indentUnit
                replace(
                    inner,
                    with: Array(text.utf8) + Self.quote(key) + style.colon
                        + Self.serialize(value, indent: base + style.indentUnit, style: style) + Array((style.newline + base).utf8)
                )
            }
        }
    }

    /// The spaces and tabs at the start of the line that holds `offset`.
    private func lineIndent(at offset: Int) -> String {
        var start = offset
        while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
        var end = start
        while end < offset, bytes[end] == 0x20 || bytes[end] == 0x09 { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    // MARK: - Style

    struct Style {
        /// Members on one line (`{"a":1,"b":2}`), as in a minified file.
        var inline: Bool
        var indentUnit: String
        var colon: [UInt8]
        /// `\r\n` in a file that already uses it, else `\n`.
        var newline = "\n"

        /// `json.MarshalIndent(v, "", "\t")`, what docker and Helm write.
        static let docker = Style(inline: false, indentUnit: "\t", colon: Array(": ".utf8))
        static let compact = Style(inline: true, indentUnit: "", colon: Array(":".utf8))
    }

    /// The style of the file, read from the first member of the top-level object.
    private func documentStyle() -> Style {
        guard let root, let first = root.members?.first else { return .docker }
        let colon = Array(bytes[first.keyRange.upperBound..<first.value.range.lowerBound])
        let leading = bytes[(root.range.lowerBound + 1)..<first.keyRange.lowerBound]
        guard let newline = leading.lastIndex(of: 0x0A) else { return Style(inline: true, indentUnit: "", colon: colon) }
        let unit = String(decoding: bytes[(newline + 1)..<first.keyRange.lowerBound], as: UTF8.self)
        let crlf = newline > 0 && bytes[newline - 1] == 0x0D
        return Style(inline: false, indentUnit: unit.isEmpty ? "\t" : unit, colon: colon, newline: crlf ? "\r\n" : "\n")
    }

    // MARK: - Serialization of new values

    static func nest(_ value: JSONNewValue, under keys: [String]) -> JSONNewValue {
        keys.reversed().reduce(value) { inner, key in .object([JSONNewMember(key, inner)]) }
    }

    /// `value` as JSON text; `indent` is the indentation of the line the value starts on.
    static func serialize(_ value: JSONNewValue, indent: String, style: Style) -> [UInt8] {
        switch value {
        case .string(let string):
            return quote(string)
        case .object(let members):
            if members.isEmpty { return Array("{}".utf8) }
            if style.inline {
                return Array("{".utf8)
                    + members.map { quote($0.key) + style.colon + serialize($0.value, indent: "", style: style) }
                    .joined(separator: Array(",".utf8)) + Array("}".utf8)
            }
            let inner = indent + style.indentUnit
            let lines = members.map {
                Array(inner.utf8) + quote($0.key) + style.colon + serialize($0.value, indent: inner, style: style)
            }
            return Array(("{" + style.newline).utf8) + lines.joined(separator: Array(("," + style.newline).utf8))
                + Array((style.newline + indent + "}").utf8)
        }
    }

    /// A JSON string literal. Escapes what JSON requires, plus `<`, `>`, `&`, U+2028 and U+2029
    /// the way Go's encoder does, so our output looks like docker's.
    package static func quote(_ string: String) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += Array("\\\"".utf8)
            case "\\": out += Array("\\\\".utf8)
            case "\n": out += Array("\\n".utf8)
            case "\r": out += Array("\\r".utf8)
            case "\t": out += Array("\\t".utf8)
            case "<", ">", "&", "\u{2028}", "\u{2029}", "\u{0}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                out += Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            default: out += Array(String(scalar).utf8)
            }
        }
        out.append(UInt8(ascii: "\""))
        return out
    }
}
