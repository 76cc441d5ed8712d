/// One challenge of a `WWW-Authenticate` header (RFC 9110 §11.6.1, §11.2): a scheme and either
/// parameters or a token68.
public struct AuthenticationChallenge: Sendable, Equatable {
    /// Lower-cased (`basic`, `bearer`): schemes are case-insensitive.
    public let scheme: String
    /// Parameter names lower-cased, values as sent (quoted strings unescaped).
    public let parameters: [String: String]
    public let token68: String?

    public init(scheme: String, parameters: [String: String] = [:], token68: String? = nil) {
        self.scheme = scheme.lowercased()
        self.parameters = parameters
        self.token68 = token68
    }

    public subscript(_ name: String) -> String? { parameters[name.lowercased()] }

    /// Parses a whole header value, which may hold several challenges
    /// (`Basic realm="x", Bearer realm="y",service="z"`). Throws on anything the grammar does not
    /// allow: an unterminated quoted string, a parameter without a value, stray characters.
    public static func parse(_ header: String) throws(ChallengeSyntaxError) -> [AuthenticationChallenge] {
        var parser = ChallengeParser(header)
        return try parser.challenges()
    }
}

/// Where and why a `WWW-Authenticate` header could not be parsed.
public struct ChallengeSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Offset in bytes into the header.
    public let offset: Int
    public let reason: String
    public var description: String { "malformed WWW-Authenticate header at byte \(offset): \(reason)" }
}

/// A tokenizer and parser for the challenge grammar:
/// ```
/// challenges = challenge *( OWS "," OWS challenge )
/// challenge  = auth-scheme [ 1*SP ( token68 / [ auth-param *( OWS "," OWS auth-param ) ] ) ]
/// auth-param = token BWS "=" BWS ( token / quoted-string )
/// ```
/// The comma is ambiguous (it separates both parameters and challenges); a token that is not
/// followed by `=` starts a new challenge.
struct ChallengeParser {
    private let bytes: [UInt8]
    private var position = 0

    init(_ header: String) { bytes = Array(header.utf8) }

    mutating func challenges() throws(ChallengeSyntaxError) -> [AuthenticationChallenge] {
        var result: [AuthenticationChallenge] = []
        skipSpacesAndCommas()
        while position < bytes.count {
            guard let scheme = token() else { throw error("expected an authentication scheme") }
            var parameters: [String: String] = [:]
            var token68: String?
            let hadSpace = skipSpaces()
            if hadSpace, position < bytes.count, bytes[position] != UInt8(ascii: ",") {
                // Either a token68 or the first parameter.
                let start = position
                if let name = token() {
                    skipSpaces()
                    if peek(UInt8(ascii: "=")), !isToken68Padding(from: position) {
                        position += 1
                        skipSpaces()
                        parameters[name.lowercased()] = try value()
                        try parameterList(into: &parameters)
                    } else {
                        position = start
                        token68 = try readToken68()
                    }
                } else if bytes[position] != UInt8(ascii: ",") {
                    throw error("unexpected character \(describe(bytes[position])) after the scheme \(scheme)")
                }
            }
            result.append(AuthenticationChallenge(scheme: scheme, parameters: parameters, token68: token68))
            skipSpaces()
            if position < bytes.count {
                guard bytes[position] == UInt8(ascii: ",") else { throw error("expected a comma between challenges, found \(describe(bytes[position]))") }
                skipSpacesAndCommas()
            }
        }
        return result
    }

    /// `, name=value` pairs until a token without `=` (the next challenge) or the end.
    private mutating func parameterList(into parameters: inout [String: String]) throws(ChallengeSyntaxError) {
        while true {
            let save = position
            skipSpaces()
            guard peek(UInt8(ascii: ",")) else {
                if position < bytes.count { throw error("expected a comma after a parameter, found \(describe(bytes[position]))") }
                return
            }
            skipSpacesAndCommas()
            guard position < bytes.count else { return }
            let nameStart = position
            guard let name = token() else { throw error("expected a parameter name") }
            skipSpaces()
            guard peek(UInt8(ascii: "=")) else {
                // A token without "=": the scheme of the next challenge.
                // Step back before the comma so the caller sees the separator.
                _ = nameStart
                position = save
                skipSpaces()
                return
            }
            position += 1
            skipSpaces()
            let key = name.lowercased()
            if parameters[key] != nil { throw error("the parameter \(key) appears twice") }
            parameters[key] = try value()
        }
    }

    private mutating func value() throws(ChallengeSyntaxError) -> String {
        guard position < bytes.count else { throw error("a parameter has no value") }
        if bytes[position] == UInt8(ascii: "\"") { return try quotedString() }
        guard let value = token() else { throw error("a parameter has no value (found \(describe(bytes[position])))") }
        return value
    }

    private mutating func quotedString() throws(ChallengeSyntaxError) -> String {
        let start = position
        position += 1
        var value: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(decoding: value, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard position + 1 < bytes.count else { throw ChallengeSyntaxError(offset: position, reason: "a backslash ends the header") }
                // quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text ): a control character stays
                // one when escaped (RFC 9110 §5.6.4).
                let escaped = bytes[position + 1]
                if (escaped < 0x20 && escaped != 0x09) || escaped == 0x7f {
                    position += 1
                    throw error("control character in a quoted string")
                }
                value.append(escaped)
                position += 2
            case 0x00...0x08, 0x0a...0x1f, 0x7f:
                throw error("control character in a quoted string")
            default:
                value.append(byte)
                position += 1
            }
        }
        throw ChallengeSyntaxError(offset: start, reason: "a quoted string is not closed")
    }

    private mutating func token() -> String? {
        let start = position
        while position < bytes.count, Self.isTokenCharacter(bytes[position]) { position += 1 }
        return position > start ? String(decoding: bytes[start..<position], as: UTF8.self) : nil
    }

    private mutating func readToken68() throws(ChallengeSyntaxError) -> String {
        let start = position
        while position < bytes.count, Self.isToken68Character(bytes[position]) { position += 1 }
        while position < bytes.count, bytes[position] == UInt8(ascii: "=") { position += 1 }
        guard position > start else { throw error("expected a token68 or parameters") }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// Whether the `=` at `index` is a token68's padding rather than a parameter's `=`: more than
    /// one `=`, or `=` with nothing but spaces before the next comma or the end.
    private func isToken68Padding(from index: Int) -> Bool {
        var next = index
        while next < bytes.count, bytes[next] == UInt8(ascii: "=") { next += 1 }
        if next - index > 1 { return true }
        while next < bytes.count, bytes[next] == UInt8(ascii: " ") || bytes[next] == UInt8(ascii: "\t") { next += 1 }
        return next == bytes.count || bytes[next] == UInt8(ascii: ",")
    }

    @discardableResult
    private mutating func skipSpaces() -> Bool {
        let start = position
        while position < bytes.count, bytes[position] == UInt8(ascii: " ") || bytes[position] == UInt8(ascii: "\t") { position += 1 }
        return position > start
    }

    private mutating func skipSpacesAndCommas() {
        while position < bytes.count, [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: ",")].contains(bytes[position]) { position += 1 }
    }

    private func peek(_ byte: UInt8) -> Bool { position < bytes.count && bytes[position] == byte }

    private func error(_ reason: String) -> ChallengeSyntaxError { ChallengeSyntaxError(offset: position, reason: reason) }

    private func describe(_ byte: UInt8) -> String {
        (0x21...0x7e).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x" + String(byte, radix: 16)
    }

    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    static func isToken68Character(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: Array("-._~+/".utf8).contains(byte)
        }
    }
}
