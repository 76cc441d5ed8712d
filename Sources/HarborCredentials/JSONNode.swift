/// One value of a parsed JSON text, with the byte range it came from.
///
/// The decoded value is there for reading; the range is what lets `JSONDocument` replace
/// exactly this value and leave every other byte of the file alone.
public struct JSONNode: Sendable {
    public enum Kind: Sendable {
        case object([JSONMember])
        case array([JSONNode])
        case string(String)
        /// The number exactly as written (`1e3` stays `1e3`).
        case number(String)
        case bool(Bool)
        case null
    }

    /// Byte offsets in the document, from the first to one past the last byte of the value.
    public let range: Range<Int>
    public let kind: Kind

    /// The value of `key` in an object. With duplicate keys the last one counts, as in Go's
    /// `encoding/json`, which is what docker and Helm use to read these files.
    public subscript(key: String) -> JSONNode? {
        guard case .object(let members) = kind else { return nil }
        return members.last(where: { $0.key == key })?.value
    }

    public var members: [JSONMember]? {
        if case .object(let members) = kind { return members }
        return nil
    }

    public var stringValue: String? {
        if case .string(let value) = kind { return value }
        return nil
    }

    public var isNull: Bool {
        if case .null = kind { return true }
        return false
    }

    /// "an object", "a string", … for error messages.
    public var kindDescription: String {
        switch kind {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }
}

/// A `"key": value` pair of an object; `keyRange` covers the quoted key.
public struct JSONMember: Sendable {
    public let key: String
    public let keyRange: Range<Int>
    public let value: JSONNode
}

/// A value to put into a document. Only what the credential files need.
public indirect enum JSONNewValue: Sendable, Equatable {
    case string(String)
    /// Members in the order they are written.
    case object([JSONNewMember])
}

public struct JSONNewMember: Sendable, Equatable {
    public let key: String
    public let value: JSONNewValue
    public init(_ key: String, _ value: JSONNewValue) {
        self.key = key
        self.value = value
    }
}
