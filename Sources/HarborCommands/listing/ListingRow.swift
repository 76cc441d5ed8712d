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
        case null

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
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
