/// Writes JSON byte for byte as Go's `encoding/json` `Marshal` does, so that the config blob and
/// the manifest hash to the digests Helm computes: struct fields in declaration order, map keys
/// sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped as `\u003c`…, invalid UTF-8 as U+FFFD
/// (golang/go src/encoding/json/encode.go, `appendString`).
package struct GoJSONWriter {
    package init() {}

    package private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = []

    package mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")); needsComma.append(false) }
    package mutating func endObject() { needsComma.removeLast(); bytes.append(UInt8(ascii: "}")) }
    mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")); needsComma.append(false) }
    mutating func endArray() { needsComma.removeLast(); bytes.append(UInt8(ascii: "]")) }

    mutating func key(_ name: String) {
        separate()
        appendString(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma[needsComma.count - 1] = false
    }

    mutating func string(_ value: String) { separate(); appendString(value) }
    mutating func bool(_ value: Bool) { separate(); bytes.append(contentsOf: Array((value ? "true" : "false").utf8)) }
    mutating func integer(_ value: Int64) { separate(); bytes.append(contentsOf: Array(String(value).utf8)) }
    mutating func raw(_ text: String) { separate(); bytes.append(contentsOf: Array(text.utf8)) }

    /// `omitempty` string field.
    package mutating func field(_ name: String, _ value: String) { if !value.isEmpty { key(name); string(value) } }

    /// `omitempty` string list.
    mutating func field(_ name: String, _ values: [String]) {
        guard !values.isEmpty else { return }
        key(name)
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    /// A string map, keys sorted by their UTF-8 bytes as Go sorts map keys.
    mutating func field(_ name: String, _ map: [String: String]) {
        guard !map.isEmpty else { return }
        key(name)
        beginObject()
        for entry in map.sorted(by: { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }) {
            key(entry.key)
            string(entry.value)
        }
        endObject()
    }

    private mutating func separate() {
        guard !needsComma.isEmpty else { return }
        if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    private static let hex = Array("0123456789abcdef".utf8)

    private mutating func appendString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case "\\": bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case "\u{08}": bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case "\u{0C}": bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case "\n": bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case "\r": bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case "\t": bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                appendEscaped(scalar.value)
            default:
                if scalar.value < 0x20 {
                    appendEscaped(scalar.value)
                } else {
                    bytes.append(contentsOf: Array(String(scalar).utf8))
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscaped(_ value: UInt32) {
        bytes.append(contentsOf: Array("\\u".utf8))
        for shift in stride(from: 12, through: 0, by: -4) { bytes.append(Self.hex[Int((value >> UInt32(shift)) & 0xF)]) }
    }
}
