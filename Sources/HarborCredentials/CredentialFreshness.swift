import Foundation

/// When a host+username's credentials last worked, and when the user was last warned about it.
/// Never the secret.
public struct CredentialFreshnessRecord: Codable, Sendable, Equatable {
    public var lastSuccess: Date?
    public var lastWarned: Date?

    public init(lastSuccess: Date? = nil, lastWarned: Date? = nil) {
        self.lastSuccess = lastSuccess
        self.lastWarned = lastWarned
    }
}

/// The rule for warning about CLI secrets that may be about to expire.
///
/// A Harbor OIDC user's CLI secret stops working 30 days after their last login to the web UI.
/// We cannot see that login, only when the secret last worked for us; once that is more than
/// 25 days ago we warn, at most once every 24 hours. Pure: the caller passes `now`.
public enum CredentialFreshness {
    public static let secretLifetimeDays = 30
    public static let warnAfterDays = 25
    public static let warningInterval: TimeInterval = 24 * 60 * 60

    public struct Warning: Sendable, Equatable, CustomStringConvertible {
        public let host: String
        public let username: String
        /// Whole days since the credentials last worked.
        public let daysSinceSuccess: Int

        public init(host: String, username: String, daysSinceSuccess: Int) {
            self.host = host
            self.username = username
            self.daysSinceSuccess = daysSinceSuccess
        }

        public var description: String {
            "the CLI secret of \(username) on \(host) last worked \(daysSinceSuccess) days ago; "
                + "Harbor CLI secrets expire \(CredentialFreshness.secretLifetimeDays) days after the last login to the web UI. "
                + "Log in at https://\(host) to keep it working."
        }
    }

    /// Whether to warn now, given the record for `host`/`username`. No record, or no success
    /// recorded, means nothing to warn about.
    public static func warning(for record: CredentialFreshnessRecord?, host: String, username: String, now: Date) -> Warning? {
        guard let lastSuccess = record?.lastSuccess else { return nil }
        let age = now.timeIntervalSince(lastSuccess)
        guard age > TimeInterval(warnAfterDays) * 24 * 60 * 60 else { return nil }
        if let lastWarned = record?.lastWarned, now.timeIntervalSince(lastWarned) < warningInterval, now >= lastWarned {
            return nil
        }
        return Warning(host: host, username: username, daysSinceSuccess: wholeDays(since: lastSuccess, now: now))
    }

    /// Whole days from `date` to `now`.
    public static func wholeDays(since date: Date, now: Date) -> Int {
        Int(now.timeIntervalSince(date) / (24 * 60 * 60))
    }

    /// The record after the credentials worked at `now`; a success ends the warning cycle.
    public static func recordingSuccess(_ record: CredentialFreshnessRecord?, now: Date) -> CredentialFreshnessRecord {
        CredentialFreshnessRecord(lastSuccess: now, lastWarned: nil)
    }

    /// The record after a warning was shown at `now`.
    public static func recordingWarning(_ record: CredentialFreshnessRecord?, now: Date) -> CredentialFreshnessRecord {
        var updated = record ?? CredentialFreshnessRecord()
        updated.lastWarned = now
        return updated
    }
}
