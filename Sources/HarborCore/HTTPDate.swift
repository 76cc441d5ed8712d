import Foundation

/// HTTP-date (RFC 9110 §5.6.7), read and written by hand on `CivilTime` (a date formatter would
/// load ICU): `Retry-After`, and Harbor's `Date` header.
///
/// Servers must send the IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`; a recipient must also
/// accept the two obsolete forms, RFC 850 `Sunday, 06-Nov-94 08:49:37 GMT` and asctime
/// `Sun Nov  6 08:49:37 1994`, as Go's `net/http.ParseTime` does (go/src/net/http/header.go,
/// Go 1.22: `TimeFormat`, `time.RFC850`, `time.ANSIC`). A two-digit RFC 850 year is read as Go's
/// `time.Parse` reads `06`: 69–99 are 1969–1999, 00–68 are 2000–2068 (go/src/time/format.go).
///
/// Stricter than a split on spaces: every number is exactly its digits (no sign, no spaces), the
/// day must exist in its month (no 31 Feb), the day name must be one of the seven (it is not
/// checked against the date, as Go does not), and nothing may follow the date.
public enum HTTPDate {
    /// The date, or nil when `text` is none of the three forms.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        return imfFixdate(bytes) ?? rfc850(bytes) ?? asctime(bytes)
    }

    /// The IMF-fixdate of a date, to the second (fractions are dropped, as HTTP has none).
    public static func format(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let f = CivilTime.fields(secondsSinceEpoch: seconds)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        // 1970-01-01 was a Thursday (index 3 from Monday).
        let weekday = Int(((days % 7) + 7 + 3) % 7)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var year = String(f.year)
        while year.count < 4 { year = "0" + year }
        return "\(shortDays[weekday]), \(two(f.day)) \(months[Int(f.month) - 1]) \(year) \(two(f.hour)):\(two(f.minute)):\(two(f.second)) GMT"
    }

    static let shortDays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let longDays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Sun, 06 Nov 1994 08:49:37 GMT`
    private static func imfFixdate(_ b: [UInt8]) -> Date? {
        guard b.count == 29 else { return nil }
        var cursor = Cursor(bytes: b)
        guard cursor.word(in: shortDays) != nil, cursor.literal(", "), let day = cursor.digits(2), cursor.literal(" "),
              let month = cursor.word(in: months), cursor.literal(" "), let year = cursor.digits(4), cursor.literal(" "),
              let time = cursor.clock(), cursor.literal(" GMT"), cursor.atEnd
        else { return nil }
        return date(year: year, month: Int64(month + 1), day: day, time: time)
    }

    /// `Sunday, 06-Nov-94 08:49:37 GMT`
    private static func rfc850(_ b: [UInt8]) -> Date? {
        var cursor = Cursor(bytes: b)
        guard cursor.word(in: longDays) != nil, cursor.literal(", "), let day = cursor.digits(2), cursor.literal("-"),
              let month = cursor.word(in: months), cursor.literal("-"), let short = cursor.digits(2), cursor.literal(" "),
              let time = cursor.clock(), cursor.literal(" GMT"), cursor.atEnd
        else { return nil }
        return date(year: short >= 69 ? 1900 + short : 2000 + short, month: Int64(month + 1), day: day, time: time)
    }

    /// `Sun Nov  6 08:49:37 1994` (RFC 9110's date3: the day is two digits, or a space and one)
    private static func asctime(_ b: [UInt8]) -> Date? {
        guard b.count == 24 else { return nil }
        var cursor = Cursor(bytes: b)
        guard cursor.word(in: shortDays) != nil, cursor.literal(" "), let month = cursor.word(in: months), cursor.literal(" ") else { return nil }
        let day: Int64
        if cursor.literal(" ") {
            guard let single = cursor.digits(1) else { return nil }
            day = single
        } else {
            guard let double = cursor.digits(2) else { return nil }
            day = double
        }
        guard cursor.literal(" "), let time = cursor.clock(), cursor.literal(" "), let year = cursor.digits(4), cursor.atEnd else { return nil }
        return date(year: year, month: Int64(month + 1), day: day, time: time)
    }

    private static func date(year: Int64, month: Int64, day: Int64, time: (Int64, Int64, Int64)) -> Date? {
        guard year >= 1, (1...RFC3339.daysIn(month: month, year: year)).contains(day) else { return nil }
        let days = CivilTime.days(year: year, month: month, day: day)
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + time.0 * 3600 + time.1 * 60 + time.2))
    }

    private struct Cursor {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index == bytes.count }

        mutating func literal(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard bytes.count - index >= count else { return false }
            let matches = text.withUTF8Buffer { expected in
                expected.indices.allSatisfy { bytes[index + $0] == expected[$0] }
            }
            if matches { index += count }
            return matches
        }

        /// The index of the word in `words` that starts here (case-sensitive, as the grammar).
        mutating func word(in words: [String]) -> Int? {
            for (position, word) in words.enumerated() {
                let utf8 = Array(word.utf8)
                if bytes.count - index >= utf8.count, Array(bytes[index..<index + utf8.count]) == utf8 {
                    index += utf8.count
                    return position
                }
            }
            return nil
        }

        mutating func digits(_ count: Int) -> Int64? {
            guard bytes.count - index >= count else { return nil }
            var value: Int64 = 0
            for offset in 0..<count {
                let byte = bytes[index + offset]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            index += count
            return value
        }

        /// `HH:MM:SS`; 60 seconds is allowed for a leap second (RFC 9110's `second = 2DIGIT`,
        /// and RFC 5322 §3.3 allows 60), read as the next second's start.
        mutating func clock() -> (Int64, Int64, Int64)? {
            guard let hour = digits(2), literal(":"), let minute = digits(2), literal(":"), let second = digits(2),
                  hour < 24, minute < 60, second <= 60
            else { return nil }
            return (hour, minute, second)
        }
    }
}
