/// A content digest as registries use it: `sha256:<64 lower-case hex digits>`.
///
/// Only sha256 is accepted, as in distribution/reference (which registers no other hash):
/// every registry and Harbor addresses content by sha256.
public struct Digest: Hashable, Sendable, CustomStringConvertible, Codable {
    public let algorithm: String
    public let hex: String

    /// `sha256:…`
    public var description: String { "\(algorithm):\(hex)" }

    public static let supportedAlgorithms = ["sha256"]
    public static let hexLength = ["sha256": 64]

    /// Validates a digest on its own (not inside a reference).
    public init(parsing text: String) throws(ReferenceError) {
        let scalars = Array(text.unicodeScalars)
        if let issue = ReferenceGrammar.digestSyntaxIssue(scalars[...], offset: 0)
            ?? ReferenceGrammar.digestStrictIssue(scalars[...], offset: 0)
        {
            throw issue.error(input: text)
        }
        let colon = text.firstIndex(of: ":")!
        self.init(uncheckedAlgorithm: String(text[..<colon]), hex: String(text[text.index(after: colon)...]))
    }

    init(uncheckedAlgorithm algorithm: String, hex: String) {
        self.algorithm = algorithm
        self.hex = hex
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
