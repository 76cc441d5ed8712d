import Foundation

/// One request as the sandbox received it. Secrets are never recorded: for Basic auth only the username.
public struct RecordedRequest: Codable, Sendable, Equatable {
    public enum AuthKind: String, Codable, Sendable { case none, basic, bearer, other }
    public var method: String
    public var path: String
    public var query: String?
    public var auth: AuthKind
    public var username: String?
    /// The status the sandbox answered with (nil when the connection was dropped or stalled).
    public var status: Int?

    public init(method: String, path: String, query: String?, auth: AuthKind, username: String?, status: Int? = nil) {
        self.method = method
        self.path = path
        self.query = query
        self.auth = auth
        self.username = username
        self.status = status
    }
}

/// A bounded log of recent requests.
struct RequestLog: Sendable {
    static let capacity = 10_000
    private(set) var entries: [RecordedRequest] = []

    /// Appends and returns the index, so the status can be filled in later.
    mutating func append(_ entry: RecordedRequest) -> Int {
        if entries.count >= RequestLog.capacity { entries.removeFirst(entries.count - RequestLog.capacity + 1) }
        entries.append(entry)
        return entries.count - 1
    }

    mutating func setStatus(_ status: Int, at index: Int, matching entry: RecordedRequest) {
        guard entries.indices.contains(index), entries[index] == entry else { return }
        entries[index].status = status
    }

    mutating func removeAll() { entries.removeAll() }
}
