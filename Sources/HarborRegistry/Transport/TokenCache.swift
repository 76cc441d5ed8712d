import Foundation

/// Bearer tokens from the token service, one per scope, kept until shortly before they expire
/// (go-containerregistry's bearer transport keeps one per scope set too). Shared by every request
/// of a command, so a push of many blobs asks the token service once.
public actor TokenCache {
    struct Entry {
        let token: String
        let expires: Date
    }

    private var entries: [String: Entry] = [:]
    private let now: @Sendable () -> Date
    /// Tokens are dropped this long before they expire, so none runs out in flight.
    private let margin: TimeInterval

    public init(now: @escaping @Sendable () -> Date = { Date() }, margin: TimeInterval = 5) {
        self.now = now
        self.margin = margin
    }

    /// The token for `scope`, unless it expired.
    public func token(for scope: String) -> String? {
        guard let entry = entries[scope] else { return nil }
        if entry.expires <= now() {
            entries[scope] = nil
            return nil
        }
        return entry.token
    }

    /// Keeps `token` for `scope` for `lifetime` seconds from `issued` (default now).
    public func store(_ token: String, for scope: String, lifetime: TimeInterval, issued: Date? = nil) {
        let start = min(issued ?? now(), now())
        entries[scope] = Entry(token: token, expires: start + max(0, lifetime - margin))
    }

    public func remove(_ scope: String) {
        entries[scope] = nil
    }

    public var count: Int { entries.count }
}
