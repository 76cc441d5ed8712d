/// Text for `-D`/`--debug` output with anything that could be a credential taken out: the value
/// after `Basic `/`Bearer ` (a base64 `user:secret` or a token), user info and query strings in
/// URLs (token requests and signed blob URLs carry secrets there).
public enum TraceRedaction {
    public static let mask = "<redacted>"

    public static func redact(_ text: String) -> String {
        var words: [String] = []
        var hideNext = false
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if hideNext, !word.isEmpty {
                words.append(mask)
                hideNext = false
                continue
            }
            let lowered = word.lowercased()
            if lowered == "basic" || lowered == "bearer" { hideNext = true }
            words.append(redactURL(in: String(word)))
        }
        return words.joined(separator: " ")
    }

    /// `scheme://user:secret@host/path?query` → `scheme://host/path` within one word.
    static func redactURL(in word: String) -> String {
        guard let schemeEnd = word.range(of: "://") else { return word }
        var rest = String(word[schemeEnd.upperBound...])
        if let query = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            // Keep what follows the URL in the same word (a closing parenthesis, a colon).
            let tail = rest[query...].drop { !")],;".contains($0) }
            rest = String(rest[..<query]) + String(tail)
        }
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        if let at = rest[..<authorityEnd].lastIndex(of: "@") {
            rest = String(rest[rest.index(after: at)...])
        }
        return String(word[..<schemeEnd.upperBound]) + rest
    }
}
