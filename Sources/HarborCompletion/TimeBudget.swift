import Foundation

/// Runs work for at most a given time and returns what it produced, or nil when time ran out.
/// The caller gets control back when the budget ends even if the work ignores cancellation
/// (an HTTP request stuck in a stalled connection): the work is cancelled and left behind.
enum TimeBudget {
    enum Outcome<Value: Sendable>: Sendable {
        case value(Value)
        case failed(any Error)
        case timedOut
    }

    static func run<Value: Sendable>(_ budget: Duration, _ work: @escaping @Sendable () async throws -> Value) async -> Outcome<Value> {
        let gate = Gate<Outcome<Value>>()
        return await withCheckedContinuation { continuation in
            gate.install(continuation)
            let worker = Task {
                do {
                    gate.finish(.value(try await work()))
                } catch {
                    gate.finish(.failed(error))
                }
            }
            Task {
                try? await Task.sleep(for: budget)
                if gate.finish(.timedOut) { worker.cancel() }
            }
        }
    }

    /// Resumes a continuation once, with whichever result comes first.
    final class Gate<Result: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<Result, Never>?

        func install(_ continuation: CheckedContinuation<Result, Never>) {
            lock.withLock { self.continuation = continuation }
        }

        @discardableResult
        func finish(_ result: Result) -> Bool {
            let waiting: CheckedContinuation<Result, Never>? = lock.withLock {
                defer { continuation = nil }
                return continuation
            }
            waiting?.resume(returning: result)
            return waiting != nil
        }
    }
}
