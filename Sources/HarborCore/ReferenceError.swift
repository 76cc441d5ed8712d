/// Why a reference was rejected, and where.
///
/// `kind` follows the error classes of distribution/reference (so our answers can be
/// compared with its test tables); `message` says what is wrong in words a user can act on,
/// `position` is the 1-based character offset of the offending character when there is one.
public struct ReferenceError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        case nameEmpty = "name_empty"
        case invalidFormat = "invalid_format"
        case nameContainsUppercase = "name_contains_uppercase"
        case nameTooLong = "name_too_long"
        case digestUnsupported = "digest_unsupported"
        case digestInvalidLength = "digest_invalid_length"
        /// A short form that needs a default (host or project) that is not configured.
        case missingDefault = "missing_default"
    }

    /// Which part of the reference is wrong.
    public enum Part: String, Sendable, Codable {
        case reference, host, repository, project, tag, digest
    }

    public let input: String
    public let kind: Kind
    public let part: Part
    public let position: Int?
    /// What is wrong, without the reference (the message says which).
    public let reason: String
    public let hint: String?

    public init(input: String, kind: Kind, part: Part, position: Int? = nil, message: String, hint: String? = nil) {
        self.input = input
        self.kind = kind
        self.part = part
        self.position = position
        self.reason = message
        self.hint = hint
    }

    /// `invalid reference "INPUT": REASON`.
    public var message: String { "invalid reference \"\(input)\": \(reason)" }

    public var description: String {
        var text = message
        if let hint { text += "\n  \(hint)" }
        return text
    }
}
