import Foundation
import HarborCore

/// Harbor's timestamps: RFC 3339 with milliseconds (`2023-01-02T03:04:05.678Z`), and Go's
/// zero time `0001-01-01T00:00:00.000Z` for "never", which reads as nil.
///
/// Read to the millisecond, the precision Harbor's API writes (go-openapi strfmt.DateTime,
/// RFC3339Millis) and `format` writes back: a listing's `--format json` then says what Harbor
/// said, and reading it again gives the same dates (a finding of Fuzz/Targets/HarborJSONFuzz.swift:
/// `05.6678Z` came back as `05.668Z` and no longer compared equal).
public enum HarborTime {
    public static func parse(_ text: String) -> Date? {
        if text.hasPrefix("0001-01-01") { return nil }
        guard let date = RFC3339.parse(text) else { return nil }
        let interval = date.timeIntervalSince1970
        let whole = interval.rounded(.down)
        let millis = ((interval - whole) * 1000).rounded()
        return Date(timeIntervalSince1970: whole + millis / 1000)
    }

    public static func format(_ date: Date) -> String {
        RFC3339.format(date, milliseconds: true)
    }
}
