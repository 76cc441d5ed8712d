import Foundation

/// Query-string handling the way Go's `net/url` does it (`+` is a space).
enum QueryString {
    static func parse(_ raw: String?) -> [(String, String)] {
        guard let raw, !raw.isEmpty else { return [] }
        return raw.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = decode(String(parts[0]))
            let value = parts.count > 1 ? decode(String(parts[1])) : ""
            return (key, value)
        }
    }

    static func decode(_ text: String) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    static func value(_ key: String, in query: [(String, String)]) -> String? {
        query.first { $0.0 == key }?.1
    }
}

/// Harbor's `q` syntax (goharbor/harbor v2.7.0, src/lib/q/builder.go): `k=v` exact, `k=~v` contains,
/// `k={a b}` any of.
struct HarborQuery: Sendable {
    enum Condition: Sendable, Equatable {
        case exact(String)
        case fuzzy(String)
        case anyOf([String])
        case range(String, String)
    }
    var conditions: [String: Condition] = [:]

    /// `q` is unescaped once more on the server.
    init(_ raw: String?) {
        guard let raw, !raw.isEmpty else { return }
        let text = raw.removingPercentEncoding ?? raw
        var items: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            if "{([".contains(character) { depth += 1 }
            if "})]".contains(character) { depth -= 1 }
            if character == ",", depth == 0 {
                items.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        items.append(current)
        for item in items {
            guard let equals = item.firstIndex(of: "=") else { continue }
            let key = item[..<equals].trimmingCharacters(in: .whitespaces)
            let value = String(item[item.index(after: equals)...])
            if value.hasPrefix("~") {
                conditions[key] = .fuzzy(String(value.dropFirst()))
            } else if value.hasPrefix("{"), value.hasSuffix("}") {
                conditions[key] = .anyOf(value.dropFirst().dropLast().split(separator: " ").map(String.init))
            } else if value.hasPrefix("["), value.hasSuffix("]"), let tilde = value.firstIndex(of: "~") {
                conditions[key] = .range(String(value[value.index(after: value.startIndex)..<tilde]), String(value[value.index(after: tilde)..<value.index(before: value.endIndex)]))
            } else if value.hasPrefix("("), value.hasSuffix(")") {
                conditions[key] = .anyOf(value.dropFirst().dropLast().split(separator: " ").map(String.init))
            } else {
                conditions[key] = .exact(value)
            }
        }
    }

    func matches(_ key: String, _ value: String) -> Bool {
        guard let condition = conditions[key] else { return true }
        switch condition {
        case .exact(let expected): return value == expected
        case .fuzzy(let part): return part.isEmpty || value.contains(part)
        case .anyOf(let options): return options.contains(value)
        case .range(let low, let high): return (low.isEmpty || value >= low) && (high.isEmpty || value <= high)
        }
    }
}

/// `page`/`page_size` with go-swagger's validation and Harbor's `X-Total-Count`/`Link` headers
/// (goharbor/harbor v2.7.0, api/v2.0/swagger.yaml, src/server/v2.0/handler/base.go, src/lib/link.go).
struct Pagination: Sendable {
    var page: Int
    var pageSize: Int

    static func from(query: [(String, String)]) throws(HarborError) -> Pagination {
        var page = 1
        var pageSize = 10
        if let text = QueryString.value("page", in: query) {
            guard let value = Int(text) else {
                throw .unprocessable("validation failure list:\npage in query must be of type int64: \"\(text)\"")
            }
            page = value
        }
        if let text = QueryString.value("page_size", in: query) {
            guard let value = Int(text) else {
                throw .unprocessable("validation failure list:\npage_size in query must be of type int64: \"\(text)\"")
            }
            pageSize = value
        }
        if pageSize > 100 {
            throw .unprocessable("validation failure list:\npage_size in query should be less than or equal to 100")
        }
        return Pagination(page: max(page, 1), pageSize: max(pageSize, 0))
    }

    /// `page_size=0` means no limit, as in Harbor's ORM.
    func slice<T>(_ items: [T]) -> [T] {
        guard pageSize > 0 else { return items }
        let start = (page - 1) * pageSize
        guard start < items.count else { return [] }
        return Array(items[start..<min(start + pageSize, items.count)])
    }

    /// `</path?page=1&page_size=10>; rel="prev" , </path?page=3&page_size=10>; rel="next"`: path-only URLs,
    /// keys sorted as Go's `url.Values.Encode` sorts them, then unescaped.
    func headers(path: String, query: [(String, String)], total: Int) -> [(String, String)] {
        var headers = [("X-Total-Count", String(total))]
        guard pageSize > 0 else { return headers }
        func link(page: Int, rel: String) -> String {
            var values = query.filter { $0.0 != "page" && $0.0 != "page_size" }
            values.append(("page", String(page)))
            values.append(("page_size", String(pageSize)))
            let ordered = values.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element)
            return "<\(path)?\(ordered.map { "\($0.0)=\($0.1)" }.joined(separator: "&"))>; rel=\"\(rel)\""
        }
        var links: [String] = []
        if page > 1 && (page - 1) * pageSize < total { links.append(link(page: page - 1, rel: "prev")) }
        if pageSize * page < total { links.append(link(page: page + 1, rel: "next")) }
        if !links.isEmpty { headers.append(("Link", links.joined(separator: " , "))) }
        return headers
    }
}

/// Harbor's `strfmt.DateTime` rendering, e.g. `2024-01-01T00:00:00.000Z`.
func harborTime(_ date: Date) -> String {
    Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date)
}
