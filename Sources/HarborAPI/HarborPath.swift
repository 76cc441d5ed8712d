/// Building `/api/v2.0` paths and queries.
public enum HarborPath {
    /// Characters left alone in a path segment or query value (RFC 3986 unreserved).
    static let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)

    /// Percent-encodes everything but the unreserved characters.
    public static func escape(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            if unreserved.contains(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }

    /// A repository name inside its project as a path segment: encoded twice, `team/app` →
    /// `team%252Fapp`, because Harbor's handlers unescape path parameters once more after the
    /// router did (goharbor/harbor api/v2.0/swagger.yaml `repositoryName`, and
    /// src/server/v2.0/handler/util.go `unescapePathParams`, v2.7.0). A single `%2F` gives 404.
    public static func repositorySegment(_ repository: String) -> String {
        escape(escape(repository))
    }

    /// A query string from pairs, in order.
    public static func query(_ items: [(String, String)]) -> String {
        items.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
