import Foundation

/// The `Retry-After` header (RFC 9110 §10.2.3): `delay-seconds` (`1*DIGIT`) or an HTTP-date.
public enum RetryAfter {
    /// How long the server asks to wait from `now`: a date in the past is no wait at all; nil
    /// when the value is neither form (a sign, a fraction or words are not `1*DIGIT`). A number
    /// of seconds too large to hold is the longest wait there is, so that a caller with a limit
    /// gives up instead of ignoring the header.
    public static func parse(_ value: String, now: Date) -> Duration? {
        // A field value's surrounding whitespace is optional whitespace (RFC 9110 §5.5).
        let text = String(value.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
        let utf8 = text.utf8
        if !utf8.isEmpty, utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            var seconds: Int64 = 0
            for byte in utf8 {
                let (times, overflowA) = seconds.multipliedReportingOverflow(by: 10)
                let (sum, overflowB) = times.addingReportingOverflow(Int64(byte - 0x30))
                if overflowA || overflowB { return .seconds(Int64.max) }
                seconds = sum
            }
            return .seconds(seconds)
        }
        guard let date = HTTPDate.parse(text) else { return nil }
        let milliseconds = (date.timeIntervalSince(now) * 1000).rounded(.down)
        guard milliseconds > 0 else { return .zero }
        return milliseconds >= Double(Int64.max) ? .seconds(Int64.max) : .milliseconds(Int64(milliseconds))
    }
}
