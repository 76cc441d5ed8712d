import Foundation
import Hummingbird

/// Harbor's error envelope `{"errors":[{"code":…,"message":…}]}` with its trailing newline,
/// `Content-Type: application/json; charset=utf-8` (goharbor/harbor v2.7.0, src/lib/http/error.go,
/// src/lib/errors/const.go).
struct HarborError: Error, Sendable {
    let status: HTTPResponse.Status
    let code: String
    let message: String

    static func unauthorized(_ message: String = "unauthorized") -> HarborError { .init(status: .unauthorized, code: "UNAUTHORIZED", message: message) }
    static func forbidden(_ message: String = "forbidden") -> HarborError { .init(status: .forbidden, code: "FORBIDDEN", message: message) }
    static func notFound(_ message: String) -> HarborError { .init(status: .notFound, code: "NOT_FOUND", message: message) }
    static func badRequest(_ message: String) -> HarborError { .init(status: .badRequest, code: "BAD_REQUEST", message: message) }
    static func precondition(_ message: String) -> HarborError { .init(status: .preconditionFailed, code: "PRECONDITION", message: message) }
    static func unprocessable(_ message: String) -> HarborError { .init(status: .unprocessableContent, code: "UNPROCESSABLE_ENTITY", message: message) }
    static func internalError() -> HarborError { .init(status: .internalServerError, code: "UNKNOWN", message: "internal server error") }

    var body: String {
        // Go's encoding/json: no escaped slashes, but HTML characters as \u escapes.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let escaped = String(decoding: (try? encoder.encode(message)) ?? Data("\"\"".utf8), as: UTF8.self)
            .replacingOccurrences(of: "<", with: "\\u003c").replacingOccurrences(of: ">", with: "\\u003e")
            .replacingOccurrences(of: "&", with: "\\u0026")
        return #"{"errors":[{"code":"\#(code)","message":\#(escaped)}]}"# + "\n"
    }

    func response(extraHeaders: HTTPFields = [:]) -> Response {
        var headers = extraHeaders
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

extension Response {
    /// A JSON body as Harbor's go-swagger handlers send it.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        var data = try encoder.encode(value)
        data.append(0x0A)
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func text(_ text: String, status: HTTPResponse.Status = .ok, contentType: String = "text/plain; charset=utf-8") -> Response {
        Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

extension HTTPField.Name {
    static let wwwAuthenticate = HTTPField.Name("Www-Authenticate")!
    static let dockerDistributionAPIVersion = HTTPField.Name("Docker-Distribution-Api-Version")!
    static let xTotalCount = HTTPField.Name("X-Total-Count")!
    static let link = HTTPField.Name("Link")!
}

/// `HTTPTypes.HTTPField`, reached through Hummingbird's re-exported `HTTPFields`.
typealias HTTPField = HTTPFields.Element
