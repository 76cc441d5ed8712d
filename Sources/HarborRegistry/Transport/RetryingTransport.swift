import NIOCore

/// The retry layer: sends a request again as `RetryPolicy` allows, within the command's deadline.
/// What the last attempt got (answer or error) is what the caller gets.
public final class RetryingTransport: HTTPTransport {
    let inner: any HTTPTransport
    let policy: RetryPolicy
    /// The command's deadline, besides the request's own.
    let deadline: NIODeadline?

    public init(inner: any HTTPTransport, policy: RetryPolicy = .standard, deadline: NIODeadline? = nil) {
        self.inner = inner
        self.policy = policy
        self.deadline = deadline
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var attempt = 0
        while true {
            attempt += 1
            let outcome: RetryPolicy.Outcome
            let response: HTTPResponse?
            do {
                let answer = try await inner.send(request)
                response = answer
                outcome = .answered(status: Int(answer.status.code), retryAfter: answer.headers.first(name: "Retry-After"))
            } catch {
                response = nil
                outcome = .failed(error)
                if error is CancellationError { throw error }
            }
            switch policy.decide(outcome, attempt: attempt, request: request, remaining: remaining(request)) {
            case .stop:
                if let response { return response }
                if case .failed(let error) = outcome { throw error }
                preconditionFailure("an outcome is an answer or an error")
            case .retry(let wait):
                if let response { await response.body.discard() }
                try await Task.sleep(for: wait)
            }
        }
    }

    private func remaining(_ request: HTTPRequest) -> Duration? {
        guard let end = [request.deadline, deadline].compactMap({ $0 }).min() else { return nil }
        let nanoseconds = (end - .now()).nanoseconds
        return .nanoseconds(max(0, nanoseconds))
    }
}
