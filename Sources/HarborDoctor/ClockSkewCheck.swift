import Foundation

/// `clock`: this machine's clock against the `Date` header Harbor sent. Registry tokens carry
/// issue and expiry times (goharbor/harbor src/core/service/token/authutils.go), and a skewed
/// clock makes them look not yet valid or already expired (goharbor/harbor#15911: fixed with NTP).
public struct ClockSkewCheck: DoctorCheck {
    public let key = "clock"
    /// Up to this much difference is ok.
    public static let tolerated: TimeInterval = 30
    /// Beyond this, tokens with Harbor's default 30-minute lifetime are near useless.
    public static let broken: TimeInterval = 5 * 60
    public init() {}

    public func evaluate(_ facts: DoctorFacts) -> DoctorFinding {
        guard case .answered(let answer) = facts.registry else { return .warning(key, "not checked: Harbor was not reached") }
        guard let header = answer.date, let harborTime = HTTPDate.parse(header) else {
            return .warning(key, "Harbor's answer has no readable Date header", fix: "a proxy in between may strip it; nothing to do unless logins fail")
        }
        let skew = facts.now.timeIntervalSince(harborTime)
        let words = Self.describe(skew)
        if abs(skew) <= Self.tolerated {
            return .ok(key, "within \(Int(Self.tolerated)) s of Harbor's clock (" + (Int(abs(skew).rounded()) == 0 ? "the same second" : "\(Int(abs(skew).rounded())) s \(skew > 0 ? "ahead" : "behind")") + ")")
        }
        let fix = "set this machine's clock right, e.g. enable NTP (timedatectl set-ntp true), then try again"
        if abs(skew) <= Self.broken { return .warning(key, "this machine's clock is \(words) Harbor's", fix: fix) }
        return .failure(key, "this machine's clock is \(words) Harbor's (Date: \(header)): tokens will look expired or not yet valid", fix: fix)
    }

    static func describe(_ skew: TimeInterval) -> String {
        let seconds = Int(abs(skew).rounded())
        if seconds == 0 { return "less than a second apart" }
        // The Date header has whole seconds: minutes are rounded, so 3599 s reads "60 min".
        let amount = seconds >= 120 ? "\(Int((Double(seconds) / 60).rounded())) min" : "\(seconds) s"
        return "\(amount) \(skew > 0 ? "ahead of" : "behind")"
    }
}

/// The HTTP `Date` format (RFC 9110 §5.6.7, IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`).
public enum HTTPDate {
    public static func parse(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.date(from: text.trimmingCharacters(in: .whitespaces))
    }
}
