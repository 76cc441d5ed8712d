import ArgumentParser
import Foundation
import HarborCore

/// One row of a listing: fields in column order, with what a table shows and what JSON and
/// templates get.
struct ListingRow {
    struct Field {
        let name: String
        /// For tables on a terminal (relative times, short digests).
        let shown: String
        /// For JSON, templates and pipes (RFC 3339 times, full digests).
        let exact: String
        let json: JSONValue
    }

    enum JSONValue: Encodable {
        case string(String)
        case number(Int64)
        case bool(Bool)
        case strings([String])
        /// An object with its keys in this order (the scan: status, severity, counts).
        case object([(String, JSONValue)])
        case null

        struct Key: CodingKey {
            var stringValue: String
            init(stringValue: String) { self.stringValue = stringValue }
            var intValue: Int? { nil }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            if case .object(let members) = self {
                var keyed = encoder.container(keyedBy: Key.self)
                for (key, value) in members { try keyed.encode(value, forKey: Key(stringValue: key)) }
                return
            }
            var container = encoder.singleValueContainer()
            switch self {
            case .object: break
            case .string(let value): try container.encode(value)
            case .number(let value): try container.encode(value)
            case .bool(let value): try container.encode(value)
            case .strings(let value): try container.encode(value)
            case .null: try container.encodeNil()
            }
        }
    }

    var fields: [Field]
    /// What `--quiet` prints.
    var name: String
}
