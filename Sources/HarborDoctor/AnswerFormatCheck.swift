/// `answer`: whether Harbor itself answered. An HTML page where Harbor's API answers JSON means a
/// proxy or an SSO login page stands in front of it; docker then reports "invalid character '<'
/// looking for beginning of value" (goharbor/harbor#12479, #19634).
public struct AnswerFormatCheck: DoctorCheck {
    public let key = "answer"
    public init() {}

    public func evaluate(_ facts: DoctorFacts) -> DoctorFinding {
        let host = facts.instance.host
        let fix = "open https://\(host)/api/v2.0/systeminfo in a browser from this machine: a proxy that wants a login (set HTTPS_PROXY with its credentials, or add \(host) to NO_PROXY) or an SSO page in front of Harbor is answering instead"
        if case .answered(let answer) = facts.registry, Self.isHTML(contentType: answer.contentType, body: []) {
            return .failure(key, "a proxy or login page answered GET /v2/ with HTML (\(answer.contentType ?? "text/html")) instead of Harbor", fix: fix)
        }
        switch facts.systemInfo {
        case .notChecked:
            return .warning(key, "not checked: Harbor was not reached")
        case .failed(let reason):
            return .warning(key, "GET /api/v2.0/systeminfo failed: \(reason)")
        case .answered(let status, let contentType, let body):
            if Self.isHTML(contentType: contentType, body: body) {
                return .failure(key, "a proxy or login page answered GET /api/v2.0/systeminfo with HTML (\(contentType ?? "no content type"), status \(status)) where Harbor answers JSON", fix: fix)
            }
            guard (200..<300).contains(status) else {
                return .warning(key, "GET /api/v2.0/systeminfo answered \(status)")
            }
            return .ok(key, "Harbor answers JSON (\(contentType ?? "no content type"))")
        }
    }

    /// `text/html`, or a body that starts with `<` (a login page served as text/plain).
    static func isHTML(contentType: String?, body: [UInt8]) -> Bool {
        if let contentType, contentType.lowercased().contains("html") { return true }
        let start = body.first { ![0x20, 0x09, 0x0a, 0x0d, 0xef, 0xbb, 0xbf].contains($0) }
        return start == UInt8(ascii: "<")
    }
}
