import Foundation

/// A failure the sandbox injects for requests whose path starts with `pathPrefix`,
/// so clients' timeouts, retries and error messages can be tested.
///
/// JSON: `{"pathPrefix":"/v2/","method":"GET","latencyMs":500,"status":503,"retryAfter":"1","truncateAfterBytes":10,"stall":true,"drop":true,"times":1}`.
/// Effects combine in this order: latency, then drop, stall, status, truncation; `stall` with
/// `truncateAfterBytes` sends the headers and that many body bytes, then hangs with the
/// connection open (for clients' idle limits).
public struct Fault: Codable, Sendable, Equatable {
    public var pathPrefix: String
    /// Only this method (any when nil).
    public var method: String?
    /// Delay before the request is handled.
    public var latencyMs: Int?
    /// Answer with this status instead of handling the request (a Harbor error body for 5xx).
    public var status: Int?
    /// With `status`: a `Retry-After` header (delay-seconds or an HTTP-date, RFC 9110 §10.2.3), as
    /// a rate limiter or a load balancer in front of Harbor sends with 429 and 503.
    public var retryAfter: String?
    /// Send the real response's headers, then only this many body bytes, then close the connection.
    public var truncateAfterBytes: Int?
    /// Never answer (until the sandbox stops); with `truncateAfterBytes`, stop answering after
    /// that many body bytes instead of closing.
    public var stall: Bool
    /// Close the connection without answering.
    public var drop: Bool
    /// How many matching requests the fault applies to (nil: all).
    public var times: Int?

    public init(
        pathPrefix: String, method: String? = nil, latencyMs: Int? = nil, status: Int? = nil, retryAfter: String? = nil,
        truncateAfterBytes: Int? = nil, stall: Bool = false, drop: Bool = false, times: Int? = nil
    ) {
        self.pathPrefix = pathPrefix
        self.method = method
        self.latencyMs = latencyMs
        self.status = status
        self.retryAfter = retryAfter
        self.truncateAfterBytes = truncateAfterBytes
        self.stall = stall
        self.drop = drop
        self.times = times
    }

    enum CodingKeys: String, CodingKey {
        case pathPrefix, method, latencyMs, status, retryAfter, truncateAfterBytes, stall, drop, times
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            pathPrefix: try c.decode(String.self, forKey: .pathPrefix),
            method: try c.decodeIfPresent(String.self, forKey: .method),
            latencyMs: try c.decodeIfPresent(Int.self, forKey: .latencyMs),
            status: try c.decodeIfPresent(Int.self, forKey: .status),
            retryAfter: try c.decodeIfPresent(String.self, forKey: .retryAfter),
            truncateAfterBytes: try c.decodeIfPresent(Int.self, forKey: .truncateAfterBytes),
            stall: try c.decodeIfPresent(Bool.self, forKey: .stall) ?? false,
            drop: try c.decodeIfPresent(Bool.self, forKey: .drop) ?? false,
            times: try c.decodeIfPresent(Int.self, forKey: .times)
        )
    }

    func validate() throws {
        guard pathPrefix.hasPrefix("/") else { throw FixtureError("fault pathPrefix \(pathPrefix) must start with /") }
        if pathPrefix.hasPrefix("/__sandbox") { throw FixtureError("faults cannot target the admin endpoints (/__sandbox)") }
        if let status, !(100...599).contains(status) { throw FixtureError("fault status \(status) is not an HTTP status") }
        if retryAfter != nil, status == nil { throw FixtureError("fault retryAfter needs a status (429 or 503) to go with") }
        if let retryAfter, retryAfter.isEmpty || retryAfter.contains(where: { $0.isNewline }) {
            throw FixtureError("fault retryAfter must be one line: delay-seconds or an HTTP-date")
        }
        if let latencyMs, latencyMs < 0 { throw FixtureError("fault latencyMs must not be negative") }
        if let truncateAfterBytes, truncateAfterBytes < 0 { throw FixtureError("fault truncateAfterBytes must not be negative") }
        if let times, times < 1 { throw FixtureError("fault times must be at least 1") }
        if latencyMs == nil, status == nil, truncateAfterBytes == nil, !stall, !drop {
            throw FixtureError("fault for \(pathPrefix) has no effect (set latencyMs, status, truncateAfterBytes, stall or drop)")
        }
    }

    func matches(method: String, path: String) -> Bool {
        path.hasPrefix(pathPrefix) && (self.method.map { $0.uppercased() == method.uppercased() } ?? true)
    }
}

/// The active faults; the first matching one applies and uses up one of its `times`.
struct FaultTable: Sendable {
    private(set) var faults: [Fault] = []

    mutating func add(_ new: [Fault]) { faults.append(contentsOf: new) }
    mutating func removeAll() { faults.removeAll() }

    mutating func take(method: String, path: String) -> Fault? {
        guard let index = faults.firstIndex(where: { $0.matches(method: method, path: path) }) else { return nil }
        let fault = faults[index]
        if let times = fault.times {
            if times <= 1 { faults.remove(at: index) } else { faults[index].times = times - 1 }
        }
        return fault
    }
}
