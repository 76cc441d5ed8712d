import Foundation
import ArgumentParser
import HarborCore

/// Times as a listing shows them: relative on a terminal, RFC 3339 otherwise.
enum ListingTime {
    static func field(_ name: String, _ date: Date?, now: Date = Date()) -> ListingRow.Field {
        guard let date else { return ListingRow.Field(name: name, shown: "-", exact: "", json: .null) }
        let exact = RFC3339.format(date)
        return ListingRow.Field(name: name, shown: RelativeAge.format(from: date, to: now), exact: exact, json: .string(exact))
    }
}
