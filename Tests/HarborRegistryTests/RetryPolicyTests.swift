import Foundation
import HarborRegistry
import NIOCore
import Testing

/// Which failures are retried, and how long the pause is.
struct RetryPolicyTests {
    static let policy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(200), maxDelay: .seconds(3), random: { 0.5 })
    static let get = HTTPRequest(url: "https://h/v2/")
    static let post = HTTPRequest(method: .POST, url: "https://h/v2/p/blobs/uploads/")
    static let streamedOnce = HTTPRequest(method: .PUT, url: "https://h/x", body: RequestBody(length: nil, isReplayable: false) { AsyncThrowingStream { $0.finish() } })

    static func lost() -> any Error { ConnectionError(.connectionLost(host: "h", reason: "reset"), method: "GET", url: "https://h/") }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let outcome: RetryPolicy.Outcome
        let request: HTTPRequest
        let attempt: Int
        let remaining: Duration?
        let expected: RetryPolicy.Decision
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "503 on GET", outcome: .answered(status: 503, retryAfter: nil), request: get, attempt: 1, remaining: nil, expected: .retry(after: .milliseconds(100))),
        Case(name: "502", outcome: .answered(status: 502, retryAfter: nil), request: get, attempt: 1, remaining: nil, expected: .retry(after: .milliseconds(100))),
        Case(name: "504, second attempt: longer window", outcome: .answered(status: 504, retryAfter: nil), request: get, attempt: 2, remaining: nil, expected: .retry(after: .milliseconds(200))),
        Case(name: "429 with Retry-After seconds", outcome: .answered(status: 429, retryAfter: "2"), request: get, attempt: 1, remaining: nil, expected: .retry(after: .seconds(2))),
        Case(name: "Retry-After beyond the deadline", outcome: .answered(status: 429, retryAfter: "10"), request: get, attempt: 1, remaining: .seconds(5), expected: .stop),
        Case(name: "Retry-After too long", outcome: .answered(status: 503, retryAfter: "3600"), request: get, attempt: 1, remaining: nil, expected: .stop),
        Case(name: "500 is not transient", outcome: .answered(status: 500, retryAfter: nil), request: get, attempt: 1, remaining: nil, expected: .stop),
        Case(name: "401", outcome: .answered(status: 401, retryAfter: nil), request: get, attempt: 1, remaining: nil, expected: .stop),
        Case(name: "200", outcome: .answered(status: 200, retryAfter: nil), request: get, attempt: 1, remaining: nil, expected: .stop),
        Case(name: "POST is not idempotent", outcome: .answered(status: 503, retryAfter: nil), request: post, attempt: 1, remaining: nil, expected: .stop),
        Case(name: "a body that cannot be replayed", outcome: .answered(status: 503, retryAfter: nil), request: streamedOnce, attempt: 1, remaining: nil, expected: .stop),
        Case(name: "attempts used up", outcome: .answered(status: 503, retryAfter: nil), request: get, attempt: 3, remaining: nil, expected: .stop),
        Case(name: "connection reset", outcome: .failed(lost()), request: get, attempt: 1, remaining: nil, expected: .retry(after: .milliseconds(100))),
        Case(name: "no time left", outcome: .failed(lost()), request: get, attempt: 1, remaining: .milliseconds(50), expected: .stop),
        Case(name: "refused", outcome: .failed(ConnectionError(.connectionRefused(host: "h"), method: "GET", url: "https://h/")), request: get, attempt: 1, remaining: nil, expected: .stop),
        Case(name: "unknown host", outcome: .failed(ConnectionError(.unknownHost(host: "h"), method: "GET", url: "https://h/")), request: get, attempt: 1, remaining: nil, expected: .stop),
        Case(name: "untrusted certificate", outcome: .failed(ConnectionError(.tlsFailure(host: "h", reason: "x"), method: "GET", url: "https://h/")), request: get, attempt: 1, remaining: nil, expected: .stop),
        Case(name: "dead proxy", outcome: .failed(ConnectionError(.proxyFailure(proxy: "http://p:1", host: "h", reason: "refused"), method: "GET", url: "https://h/")), request: get, attempt: 1, remaining: nil, expected: .stop),
        Case(name: "stalled server", outcome: .failed(ConnectionError(.stalled(host: "h", phase: .firstByte, seconds: 30), method: "GET", url: "https://h/")), request: get, attempt: 1, remaining: nil, expected: .stop),
        Case(name: "some other error", outcome: .failed(CancellationError()), request: get, attempt: 1, remaining: nil, expected: .stop),
    ]

    @Test(arguments: cases)
    func decides(_ example: Case) {
        #expect(Self.policy.decide(example.outcome, attempt: example.attempt, request: example.request, remaining: example.remaining) == example.expected)
    }

    @Test func retryAfterTakesAnHTTPDate() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let header = formatter.string(from: now + 7)
        #expect(RetryPolicy.parseRetryAfter(header, now: now) == .seconds(7))
        #expect(RetryPolicy.parseRetryAfter("soon", now: now) == nil)
        // A huge number of seconds is a wait longer than any limit, not an absent header.
        #expect(RetryPolicy.parseRetryAfter("99999999999999999999999", now: now) == .seconds(Int64.max))
        #expect(Self.policy.decide(.answered(status: 503, retryAfter: "99999999999999999999999"), attempt: 1, request: Self.get, remaining: nil) == .stop)
    }

    @Test func jitterStaysInsideTheWindow() {
        let low = RetryPolicy(random: { 0 }), high = RetryPolicy(random: { 0.999 })
        #expect(low.decide(.answered(status: 503, retryAfter: nil), attempt: 1, request: Self.get, remaining: nil) == .retry(after: .zero))
        guard case .retry(let wait) = high.decide(.answered(status: 503, retryAfter: nil), attempt: 2, request: Self.get, remaining: nil) else {
            Issue.record("no retry")
            return
        }
        #expect(wait < .milliseconds(400) && wait > .milliseconds(390))
    }
}
