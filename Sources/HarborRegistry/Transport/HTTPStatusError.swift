import Foundation

/// An answer with a status the caller did not expect, with what the server said about it:
/// the registry's `{"errors":[{"code","message"}]}` (distribution spec) or Harbor's API errors
/// (the same shape, goharbor/harbor v2.7.0 src/lib/http/error.go), or a short excerpt of anything
/// else.
public struct HTTPStatusError: Error, Sendable, CustomStringConvertible {
    public let method: String
    /// Redacted (no credentials, no query).
    public let url: String
    public let status: Int
    public let errors: [RegistryErrorDetail]
    /// The start of a body that is not an error document.
    public let excerpt: String

    public init(method: String, url: String, status: Int, errors: [RegistryErrorDetail], excerpt: String = "") {
        self.method = method
        self.url = RedactedURL.redact(url)
        self.status = status
        self.errors = errors
        self.excerpt = excerpt
    }

    /// Reads (at most 64 KiB of) the body of `response` for the diagnostics.
    public static func from(_ response: HTTPResponse) async -> HTTPStatusError {
        let body = (try? await response.body.collect(upTo: 64 << 10)) ?? []
        let (errors, excerpt) = RegistryErrorDetail.parse(body)
        return HTTPStatusError(method: response.request.method.rawValue, url: response.request.url, status: Int(response.status.code), errors: errors, excerpt: excerpt)
    }

    /// `CODE: message` of the first error, or the excerpt.
    public var detail: String {
        if let first = errors.first { return [first.code, first.message].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ") }
        return excerpt
    }

    public var description: String { "\(method) \(url) answered \(status)" + (detail.isEmpty ? "" : ": \(detail)") }
}

/// One entry of an error document.
public struct RegistryErrorDetail: Sendable, Equatable, Decodable {
    public let code: String?
    public let message: String?

    public init(code: String?, message: String?) {
        self.code = code
        self.message = message
    }

    /// The entries of an error document, or (when it is not one) a trimmed excerpt of the text.
    public static func parse(_ body: [UInt8]) -> (errors: [RegistryErrorDetail], excerpt: String) {
        struct Document: Decodable { let errors: [RegistryErrorDetail] }
        if let document = try? JSONDecoder().decode(Document.self, from: Data(body)), !document.errors.isEmpty {
            return (document.errors, "")
        }
        let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return ([], text.count > 200 ? String(text.prefix(200)) + "…" : text)
    }
}
