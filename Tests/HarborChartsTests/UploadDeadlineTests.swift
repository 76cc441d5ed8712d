import HarborRegistry
import NIOCore
import Testing

@testable import HarborCharts

/// The uploader stops at the deadline it is given (the stack's, `TransportStack.deadline`), and
/// says the limit it came from.
struct UploadDeadlineTests {
    /// Answers every request with 503, which the uploader would otherwise retry.
    struct Unavailable: HTTPTransport {
        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            HTTPResponse(status: .serviceUnavailable, headers: [:], body: .bytes([]), request: request)
        }
    }

    @Test func aPassedDeadlineEndsTheRetriesWithTheLimitInTheMessage() async throws {
        var options = RegistryUploader.Options()
        options.backoff = .milliseconds(1)
        options.deadline = .now() - .seconds(1)
        options.timeLimit = .seconds(7)
        let uploader = RegistryUploader(transport: Unavailable(), baseURL: "https://harbor.example.com", options: options)
        do {
            _ = try await uploader.blobExists(repository: "team/demo", digest: "sha256:" + String(repeating: "0", count: 64))
            Issue.record("a 503 past the deadline must fail")
        } catch let error as ChartPushError {
            guard case .deadline(_, let seconds) = error else { Issue.record("\(error)"); return }
            #expect(seconds == 7)
            #expect(error.description.hasSuffix("not done within 7 s"), "\(error)")
        }
    }

    @Test func requestsCarryTheDeadline() async throws {
        struct Recording: HTTPTransport {
            let expected: NIODeadline
            func send(_ request: HTTPRequest) async throws -> HTTPResponse {
                #expect(request.deadline == expected)
                return HTTPResponse(status: .ok, headers: [:], body: .bytes([]), request: request)
            }
        }
        let deadline = NIODeadline.now() + .seconds(30)
        var options = RegistryUploader.Options()
        options.deadline = deadline
        let uploader = RegistryUploader(transport: Recording(expected: deadline), baseURL: "https://harbor.example.com", options: options)
        #expect(try await uploader.blobExists(repository: "team/demo", digest: "sha256:" + String(repeating: "0", count: 64)))
    }
}
