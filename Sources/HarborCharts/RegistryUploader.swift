import Foundation
import HarborCore
import HarborAPI
import HarborRegistry
import NIOCore
import NIOHTTP1

/// Uploads blobs and manifests with the OCI distribution API (distribution-spec v1.1 "Pushing
/// blobs", "Pushing manifests"), over any `HTTPTransport` stack: authentication, proxies and TLS
/// belong to the layers below.
///
/// - HEAD first: a blob the repository has is not sent again.
/// - Cross-repository mount (`POST …/blobs/uploads/?mount=D&from=R`) when a source is known;
///   Harbor then adds the blob to the project (v2.7.4 src/server/middleware/blob/
///   post_initiate_blob_upload.go) once it has checked pull on R (v2auth/access.go).
/// - Monolithic `POST` + `PUT ?digest=` up to `monolithicLimit`, chunked `PATCH` (with
///   `Content-Range`) + closing `PUT` above it.
/// - A failed attempt (5xx, 429, timeout, broken connection) is retried from the start of the
///   blob with a fresh upload session and a fresh body stream; refused connections, unknown hosts,
///   TLS failures and 4xx are reported at once.
public struct RegistryUploader: Sendable {
    public struct Options: Sendable {
        public var monolithicLimit: Int64 = 64 * 1_048_576
        public var chunkSize: Int64 = 32 * 1_048_576
        public var attempts = 3
        public var backoff: Duration = .milliseconds(500)
        /// When the whole push must be over: the stack's deadline (`TransportStack.deadline`).
        public var deadline: NIODeadline?
        /// The time limit `deadline` came from (the command's `--timeout`), for the message.
        public var timeLimit: Duration?
        public init() {}
    }

    public enum BlobOutcome: Sendable, Equatable {
        case existed
        case mounted(from: String)
        case uploaded
    }

    let transport: any HTTPTransport
    /// `https://HOST[:PORT]`
    let baseURL: String
    let options: Options

    public init(transport: any HTTPTransport, baseURL: String, options: Options = Options()) {
        self.transport = transport
        self.baseURL = baseURL
        self.options = options
    }

    // MARK: Blobs

    public func blobExists(repository: String, digest: String) async throws -> Bool {
        try await withRetries(step: "checking blob \(digest.prefix(19)) in \(repository)") {
            let response = try await send(HTTPRequest(method: .HEAD, url: url("/v2/\(repository)/blobs/\(digest)")))
            switch response.status.code {
            case 200: return true
            case 404: return false
            default: throw try await failure(response)
            }
        }
    }

    /// Makes sure the repository has the blob: HEAD, then mount or upload. `body(offset, length)`
    /// streams the given range of the blob's bytes.
    public func pushBlob(
        repository: String, digest: String, size: Int64, mountFrom: [String] = [],
        body: @escaping @Sendable (_ offset: Int64, _ length: Int64) -> RequestBody
    ) async throws -> BlobOutcome {
        try await pushBlob(repository: repository, digest: digest, size: size, mountSources: { mountFrom }, body: body)
    }

    /// As above; `mountSources` is asked only when the repository lacks the blob, for
    /// repositories to mount it from (tried in order). A source that refuses the mount (no pull
    /// right there, blob gone) costs nothing but the attempt: the blob is uploaded instead.
    public func pushBlob(
        repository: String, digest: String, size: Int64, mountSources: @Sendable () async -> [String],
        body: @escaping @Sendable (_ offset: Int64, _ length: Int64) -> RequestBody
    ) async throws -> BlobOutcome {
        if try await blobExists(repository: repository, digest: digest) { return .existed }
        let sources = await mountSources().filter { $0 != repository }
        return try await withRetries(step: "uploading blob \(digest.prefix(19)) to \(repository)") {
            var location: String?
            for source in sources {
                let response = try await send(HTTPRequest(method: .POST, url: url("/v2/\(repository)/blobs/uploads/?mount=\(digest)&from=\(source)"), headers: ["Content-Length": "0"]))
                if response.status.code == 201 {
                    await response.body.discard()
                    return .mounted(from: source)
                }
                if response.status.code == 202, let next = response.headers.first(name: "Location") {
                    // distribution-spec: the registry could not mount and opened an upload instead.
                    await response.body.discard()
                    location = next
                    break
                }
                if [401, 403, 404].contains(response.status.code) {
                    await response.body.discard()
                    continue
                }
                throw try await failure(response)
            }
            if location == nil {
                let response = try await send(HTTPRequest(method: .POST, url: url("/v2/\(repository)/blobs/uploads/"), headers: ["Content-Length": "0"]))
                guard response.status.code == 202, let next = response.headers.first(name: "Location") else { throw try await failure(response) }
                await response.body.discard()
                location = next
            }
            guard var location else { throw ChartPushError.registry(step: "starting an upload", status: 0, message: "no Location header") }

            if size > options.monolithicLimit {
                var offset: Int64 = 0
                while offset < size {
                    let length = min(options.chunkSize, size - offset)
                    var headers: HTTPHeaders = [
                        "Content-Type": "application/octet-stream",
                        "Content-Length": String(length),
                        "Content-Range": "\(offset)-\(offset + length - 1)",
                    ]
                    headers.add(name: "Accept", value: "*/*")
                    let response = try await send(HTTPRequest(method: .PATCH, url: resolve(location), headers: headers, body: body(offset, length)))
                    guard response.status.code == 202, let next = response.headers.first(name: "Location") else { throw try await failure(response) }
                    await response.body.discard()
                    location = next
                    offset += length
                }
                let response = try await send(HTTPRequest(method: .PUT, url: resolve(location, digest: digest), headers: ["Content-Length": "0"]))
                guard response.status.code == 201 else { throw try await failure(response) }
                await response.body.discard()
            } else {
                let headers: HTTPHeaders = ["Content-Type": "application/octet-stream", "Content-Length": String(size)]
                let response = try await send(HTTPRequest(method: .PUT, url: resolve(location, digest: digest), headers: headers, body: body(0, size)))
                guard response.status.code == 201 else { throw try await failure(response) }
                await response.body.discard()
            }
            return .uploaded
        }
    }

    // MARK: Manifests

    /// PUTs a manifest under a tag and returns the digest the registry reports.
    public func putManifest(repository: String, reference: String, bytes: [UInt8], mediaType: String) async throws -> String? {
        try await withRetries(step: "storing the manifest \(repository):\(reference)") {
            let headers: HTTPHeaders = ["Content-Type": mediaType, "Content-Length": String(bytes.count)]
            let response = try await send(HTTPRequest(method: .PUT, url: url("/v2/\(repository)/manifests/\(reference)"), headers: headers, body: .bytes(bytes)))
            guard response.status.code == 201 else { throw try await failure(response) }
            await response.body.discard()
            return response.headers.first(name: "Docker-Content-Digest")
        }
    }

    // MARK: Plumbing

    func url(_ path: String) -> String { baseURL + path }

    /// An upload `Location` (absolute, or relative to the registry) with `digest=` added to its query.
    func resolve(_ location: String, digest: String? = nil) -> String {
        var absolute = location.hasPrefix("http://") || location.hasPrefix("https://") ? location : baseURL + (location.hasPrefix("/") ? "" : "/") + location
        if let digest { absolute += (absolute.contains("?") ? "&" : "?") + "digest=" + digest }
        return absolute
    }

    private func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var request = request
        request.deadline = options.deadline
        do {
            return try await transport.send(request)
        } catch let error as ChartPushError {
            throw error
        } catch let error as ConnectionError {
            throw Attempt.transport(error.reason)
        } catch let error as TransportError {
            throw Attempt.transport(error)
        }
    }

    private func failure(_ response: HTTPResponse) async throws -> any Error {
        let body = (try? await response.body.collect(upTo: 64 * 1024)) ?? []
        let code = Int(response.status.code)
        let message = RegistryErrorBody.message(body)
        if let refusal = HarborRefusal.find(inBody: body), !refusal.isAccessDenial {
            return ChartPushError.refused(step: "\(response.request.method.rawValue) \(Self.path(response.request.url))", status: code, refusal)
        }
        let error = ChartPushError.registry(step: "\(response.request.method.rawValue) \(Self.path(response.request.url))", status: code, message: message)
        if code >= 500 && code != 501 || code == 429 || code == 408 { return Attempt.retryable(error) }
        return error
    }

    private static func path(_ url: String) -> String {
        guard let components = URLComponents(string: url) else { return url }
        return components.path
    }

    private enum Attempt: Error {
        case retryable(ChartPushError)
        case transport(TransportError)
    }

    private func withRetries<T: Sendable>(step: String, _ operation: () async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await operation()
            } catch let failure as Attempt {
                let final: ChartPushError
                let retry: Bool
                switch failure {
                case .retryable(let error):
                    final = error
                    retry = true
                case .transport(let error):
                    final = .transport(step: step, error, attempts: attempt)
                    switch error {
                    case .timeout, .stalled, .connectionLost: retry = true
                    default: retry = false
                    }
                }
                let pause = options.backoff * (1 << (attempt - 1))
                if let deadline = options.deadline, NIODeadline.now() + .nanoseconds(pause.nanoseconds) >= deadline {
                    // Out of time. A server that kept answering 429 or 5xx, or kept cutting the
                    // connection, is named as the cause; only silence is reported as the deadline.
                    switch failure {
                    case .retryable, .transport(.connectionLost): throw final
                    default: throw ChartPushError.deadline(step: step, seconds: options.timeLimit?.wholeSeconds ?? 0)
                    }
                }
                guard retry, attempt < options.attempts else { throw final }
                try await Task.sleep(for: pause)
            }
        }
    }
}

/// The message of a registry error body (`{"errors":[{"code":…,"message":…}]}`, distribution-spec
/// "Error Codes"), or the start of a text body.
enum RegistryErrorBody {
    static func message(_ body: [UInt8]) -> String {
        struct Envelope: Decodable {
            struct Entry: Decodable { let code: String?; let message: String? }
            let errors: [Entry]?
        }
        if let envelope = try? JSONDecoder().decode(Envelope.self, from: Data(body)), let errors = envelope.errors, !errors.isEmpty {
            // An empty code or message is left out, not shown as ": :".
            return errors.map { [$0.code, $0.message].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ") }.joined(separator: "; ")
        }
        let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text
    }
}
