import HarborCore
import HarborRegistry
import NIOCore
import Testing

import HarborCharts

/// The uploader stops at the deadline it is given (the stack's, `TransportStack.deadline`), and
/// says the limit it came from.
struct UploadDeadlineTests {
    /// Answers every request with 503, which the uploader would otherwise retry.
    struct Unavailable: HTTPTransport {
        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            HTTPResponse(status: .serviceUnavailable, headers: [:], body: .bytes([]), request: request)
        }
    }

    /// Out of time after a server error: the error is the server's answer (exit 9, "answered
    /// 503"), not a vaguer "not done within": the user learns what kept the push from finishing.
    @Test func aPassedDeadlineEndsTheRetriesNamingTheLastAnswer() async throws {
        var options = RegistryUploader.Options()
        options.backoff = .milliseconds(1)
        options.deadline = .now() - .seconds(1)
        options.timeLimit = .seconds(7)
        let uploader = RegistryUploader(transport: Unavailable(), baseURL: "https://harbor.example.com", options: options)
        do {
            _ = try await uploader.blobExists(repository: "team/demo", digest: "sha256:" + String(repeating: "0", count: 64))
            Issue.record("a 503 past the deadline must fail")
        } catch let error as ChartPushError {
            guard case .registry(_, let status, _) = error else { Issue.record("\(error)"); return }
            #expect(status == 503)
            #expect(error.exitStatus == .unexpectedAnswer)
        }
    }

    /// A request that times out past the deadline is reported with the limit it came from.
    @Test func aTimeoutPastTheDeadlineSaysTheLimit() async throws {
        struct Silent: HTTPTransport {
            func send(_ request: HTTPRequest) async throws -> HTTPResponse {
                throw ConnectionError(.stalled(host: "harbor.example.com", phase: .firstByte, seconds: 7), method: "HEAD", url: request.url)
            }
        }
        var options = RegistryUploader.Options()
        options.backoff = .milliseconds(1)
        options.deadline = .now() - .seconds(1)
        options.timeLimit = .seconds(7)
        let uploader = RegistryUploader(transport: Silent(), baseURL: "https://harbor.example.com", options: options)
        do {
            _ = try await uploader.blobExists(repository: "team/demo", digest: "sha256:" + String(repeating: "0", count: 64))
            Issue.record("a timeout past the deadline must fail")
        } catch let error as ChartPushError {
            guard case .deadline(_, let seconds) = error else { Issue.record("\(error)"); return }
            #expect(seconds == 7)
            #expect(error.description.hasSuffix("not done within 7 s"), "\(error)")
            #expect(error.exitStatus == .timeout)
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
