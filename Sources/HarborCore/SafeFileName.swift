/// Any text (a host with its port, a username, a cache key) as one file name: letters, digits,
/// `.`, `_` and `-` stay, every other byte (`/`, `:`, `%`) is percent-encoded, and neither `.`
/// nor `..` nor an empty name can come out. Used by the caches under `$XDG_CACHE_HOME/harbor`.
public enum SafeFileName {
    public static func encode(_ text: String) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var result: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."):
                result.append(byte)
            default:
                result += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]]
            }
        }
        if result.isEmpty { return "%00" }
        if result.allSatisfy({ $0 == UInt8(ascii: ".") }) { return String(repeating: "%2E", count: result.count) }
        return String(decoding: result, as: UTF8.self)
    }
}
