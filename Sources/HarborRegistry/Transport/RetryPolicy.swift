import Foundation
import HarborCore
import NIOCore

/// When a request is sent again: only if sending it twice cannot do harm (an idempotent method
/// and a body that can be produced again), only after a transient failure (the connection was
/// reset or closed before the answer; 429; 502, 503, 504), after a jittered, growing pause that
/// honours `Retry-After`, and never past the command's deadline. A refused port, an unknown host,
/// a certificate problem, a dead proxy or a stalled server is never retried: trying again would
/// only make the user wait for the same answer.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// The longest `Retry-After` honoured; a server that asks for more gets its error reported.
    public var maxRetryAfter: Duration
    /// A number in 0..<1 for the jitter (injectable for tests).
    public var random: @Sendable () -> Double

    public init(maxAttempts: Int = 3, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(3), maxRetryAfter: Duration = .seconds(20), random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.random = random
    }

    public static let standard = RetryPolicy()

    /// What happened to one attempt.
    public enum Outcome: Sendable {
        case answered(status: Int, retryAfter: String?)
        case failed(any Error)
    }

    public enum Decision: Sendable, Equatable {
        case retry(after: Duration)
        case stop
    }

    /// `attempt`: how many attempts were made (1 after the first). `remaining`: time left until
    /// the deadline, nil when there is none.
    public func decide(_ outcome: Outcome, attempt: Int, request: HTTPRequest, remaining: Duration?, now: Date = Date()) -> Decision {
        guard attempt < maxAttempts, request.isReplayable else { return .stop }
        var wait = backoff(attempt: attempt)
        switch outcome {
        case .answered(let status, let retryAfter):
            guard [429, 502, 503, 504].contains(status) else { return .stop }
            if let retryAfter {
                guard let asked = Self.parseRetryAfter(retryAfter, now: now) else { break }
                if asked > maxRetryAfter { return .stop }
                wait = max(wait, asked)
            }
        case .failed(let error):
            guard Self.isTransient(error) else { return .stop }
        }
        if let remaining, wait >= remaining { return .stop }
        return .retry(after: wait)
    }

    /// Full jitter over an exponentially growing window: base·2^(attempt-1), at most `maxDelay`.
    func backoff(attempt: Int) -> Duration {
        let window = min(baseDelay * Int(1 << min(max(attempt - 1, 0), 16)), maxDelay)
        return window * max(0, min(random(), 1))
    }

    /// Connection resets and connections closed without an answer; nothing else.
    public static func isTransient(_ error: any Error) -> Bool {
        guard let error = error as? ConnectionError else { return false }
        if case .connectionLost = error.reason { return true }
        return false
    }

    /// `Retry-After`: delay-seconds or an HTTP-date (RFC 9110 §10.2.3), read by HarborCore's
    /// `RetryAfter` (fuzzed there: Fuzz/Targets/HTTPDateFuzz.swift).
    public static func parseRetryAfter(_ value: String, now: Date) -> Duration? {
        RetryAfter.parse(value, now: now)
    }
}
