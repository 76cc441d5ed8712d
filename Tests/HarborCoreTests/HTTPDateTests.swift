import Foundation
import HarborCore
import Testing

/// HTTP-date and `Retry-After` (RFC 9110 §5.6.7, §10.2.3). The examples are RFC 9110's own
/// (`Sun, 06 Nov 1994 08:49:37 GMT` in its three forms); the refusals are what the old parser
/// accepted or what the fuzzer (Fuzz/Targets/HTTPDateFuzz.swift) probes.
@Suite struct HTTPDateTests {
    static let rfcExample = Date(timeIntervalSince1970: 784_111_777)

    @Test(arguments: [
        "Sun, 06 Nov 1994 08:49:37 GMT",  // IMF-fixdate
        "Sunday, 06-Nov-94 08:49:37 GMT",  // obsolete RFC 850
        "Sun Nov  6 08:49:37 1994",  // obsolete asctime
        "Sun Nov 06 08:49:37 1994",  // asctime's date3 also takes two digits
    ])
    func readsTheThreeForms(text: String) {
        #expect(HTTPDate.parse(text) == Self.rfcExample)
    }

    @Test func writesTheIMFFixdate() {
        #expect(HTTPDate.format(Self.rfcExample) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.format(Date(timeIntervalSince1970: 1_709_251_199.75)) == "Thu, 29 Feb 2024 23:59:59 GMT")
        #expect(HTTPDate.format(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 GMT")
    }

    @Test func readsRFC850TwoDigitYearsAsGo() {
        #expect(HTTPDate.parse("Thursday, 01-Jan-70 00:00:00 GMT") == Date(timeIntervalSince1970: 0))
        #expect(HTTPDate.parse("Saturday, 01-Jan-00 00:00:00 GMT") == Date(timeIntervalSince1970: 946_684_800))
    }

    @Test(arguments: [
        "Sun, +6 Nov 1994 08:49:37 GMT",  // a sign where digits go (Int64("+6") accepted it)
        "Sun, 31 Feb 1994 08:49:37 GMT",  // no 31 February
        "Sun, 29 Feb 2023 08:49:37 GMT",  // 2023 is no leap year
        "Sun, 06 Nov 1994 08:49:37 CET",
        "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 6 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT ",
        "Xyz, 06 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 0000 08:49:37 GMT",
        "Sun Nov 6 08:49:37 1994",  // asctime's one-digit day comes after two spaces
        "",
    ])
    func refuses(text: String) {
        #expect(HTTPDate.parse(text) == nil, "\(text)")
    }

    @Test func retryAfterSecondsAndDates() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(RetryAfter.parse("7", now: now) == .seconds(7))
        #expect(RetryAfter.parse(" 7\t", now: now) == .seconds(7))
        #expect(RetryAfter.parse(HTTPDate.format(now + 7), now: now) == .seconds(7))
        #expect(RetryAfter.parse(HTTPDate.format(now - 60), now: now) == .zero)
        #expect(RetryAfter.parse("99999999999999999999999", now: now) == .seconds(Int64.max))
        for refused in ["+5", "-1", "1.5", "soon", "", "5 s"] {
            #expect(RetryAfter.parse(refused, now: now) == nil, "\(refused)")
        }
    }
}
