import Foundation
import HarborCore
import Testing

/// RFC 3339 and civil dates without Foundation's calendars: checked against Foundation's own
/// Gregorian calendar and against the forms Harbor, the token service and Go write.
@Suite("Timestamps")
struct TimestampTests {
    @Test("civil date and back, for every day from 1600 to 2400, as Foundation's Gregorian calendar counts them")
    func civilDays() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var day = CivilTime.days(year: 1600, month: 1, day: 1)
        let last = CivilTime.days(year: 2400, month: 12, day: 31)
        var mismatches: [String] = []
        while day <= last, mismatches.count < 5 {
            let fields = CivilTime.fields(secondsSinceEpoch: day * 86_400 + 3_723)
            if CivilTime.days(year: fields.year, month: fields.month, day: fields.day) != day { mismatches.append("round trip of day \(day)") }
            if day % 97 == 0 {
                let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: TimeInterval(day * 86_400 + 3_723)))
                if [Int64(parts.year!), Int64(parts.month!), Int64(parts.day!), Int64(parts.hour!), Int64(parts.minute!), Int64(parts.second!)]
                    != [fields.year, fields.month, fields.day, fields.hour, fields.minute, fields.second] {
                    mismatches.append("day \(day): \(fields) vs \(parts)")
                }
            }
            day += 1
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test("what Harbor, distribution's token service and Go write", arguments: [
        ("2023-01-02T03:04:05.678Z", 1_672_628_645.678),
        ("2023-01-02T03:04:05Z", 1_672_628_645),
        ("2023-01-02T08:34:05+05:30", 1_672_628_645),
        ("2023-01-01T22:04:05-05:00", 1_672_628_645),
        ("2023-01-02t03:04:05.123456789z", 1_672_628_645.123456789),
        ("2024-02-29T23:59:59Z", 1_709_251_199),
        ("1969-12-31T23:59:59Z", -1),
    ])
    func parses(_ text: String, _ seconds: Double) throws {
        let date = try #require(RFC3339.parse(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.000_001)
    }

    @Test("not RFC 3339", arguments: [
        "", "2023-01-02", "2023-01-02T03:04:05", "2023-13-02T03:04:05Z", "2023-02-29T03:04:05Z", "2023-01-02T24:00:00Z",
        "2023-01-02T03:04:05.Z", "2023-01-02T03:04:05+0530", "2023-01-02T03:04:05Z ", "２０２3-01-02T03:04:05Z", "2023-01-02T03:04:05UTC",
    ])
    func rejects(_ text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    @Test("written in UTC, with milliseconds as Harbor writes them, and read back")
    func formats() {
        let date = Date(timeIntervalSince1970: 1_672_628_645.678)
        #expect(RFC3339.format(date) == "2023-01-02T03:04:05Z")
        #expect(RFC3339.format(date, milliseconds: true) == "2023-01-02T03:04:05.678Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: 1_672_628_645.9996), milliseconds: true) == "2023-01-02T03:04:06.000Z")
        #expect(RFC3339.parse(RFC3339.format(date, milliseconds: true)) == date)
        // What Foundation's formatter wrote into older login records reads the same.
        #expect(RFC3339.format(date) == ISO8601DateFormatter().string(from: date))
    }
}
