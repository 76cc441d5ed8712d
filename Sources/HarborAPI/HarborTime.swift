import Foundation
import HarborCore

/// Harbor's timestamps: RFC 3339 with milliseconds (`2023-01-02T03:04:05.678Z`), and Go's
/// zero time `0001-01-01T00:00:00.000Z` for "never", which reads as nil.
public enum HarborTime {
    public static func parse(_ text: String) -> Date? {
        if text.hasPrefix("0001-01-01") { return nil }
        return RFC3339.parse(text)
    }

    public static func format(_ date: Date) -> String {
        RFC3339.format(date, milliseconds: true)
    }
}
