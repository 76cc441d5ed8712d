import Foundation

/// Harbor's error body, `{"errors":[{"code":"FORBIDDEN","message":"forbidden"}]}`
/// (goharbor/harbor src/lib/http/error.go, v2.7.0).
public struct HarborErrorBody: Sendable, Equatable, Decodable {
    public struct Entry: Sendable, Equatable, Decodable {
        public let code: String?
        public let message: String?
    }

    public let errors: [Entry]
}

/// The message to show for an error answer: `CODE: message` from Harbor's body, else a short
/// excerpt of whatever came back (a proxy's HTML page, say).
public enum HarborErrorMessage {
    public static func extract(from body: [UInt8]) -> String {
        if let decoded = try? JSONDecoder().decode(HarborErrorBody.self, from: Data(body)), let first = decoded.errors.first {
            return [first.code, first.message].compactMap { $0 }.joined(separator: ": ")
        }
        let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}
