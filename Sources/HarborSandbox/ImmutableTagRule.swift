/// A project's immutable-tag rule: repositories and tags matched by doublestar patterns, as Harbor's
/// rule editor takes them (`**`, `*`, `?`, `{a,b}`; goharbor/harbor v2.7.0,
/// src/pkg/immutable/match/rule/match.go uses the retention selectors' doublestar matching).
/// A tag that matches may be pushed once; pushing it again is refused
/// (src/server/middleware/immutable/pushmf.go: "the immutable rule only impacts the existing tag").
package struct ImmutableTagRule: Codable, Sendable, Equatable {
    /// The repository inside the project (`app`, `team/*`, `**`).
    var repositories: String
    var tags: String

    package init(repositories: String = "**", tags: String) {
        self.repositories = repositories
        self.tags = tags
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            repositories: try c.decodeIfPresent(String.self, forKey: .repositories) ?? "**", tags: try c.decode(String.self, forKey: .tags))
    }

    /// `repository` without the project (`app` in `pkey/app`).
    package func matches(repository: String, tag: String) -> Bool {
        GlobPattern(repositories).matches(repository, crossingSlashes: true) && GlobPattern(tags).matches(tag, crossingSlashes: true)
    }
}

/// A doublestar pattern: `*` any run (within one path component unless `crossingSlashes`), `**` any run,
/// `?` one character, `{a,b}` alternatives.
struct GlobPattern: Sendable {
    let pattern: String
    init(_ pattern: String) { self.pattern = pattern }

    func matches(_ text: String, crossingSlashes: Bool = false) -> Bool {
        for alternative in expanded(pattern) where match(Array(alternative), 0, Array(text), 0, crossingSlashes) { return true }
        return false
    }

    private func expanded(_ pattern: String) -> [String] {
        guard let open = pattern.firstIndex(of: "{"), let close = pattern[open...].firstIndex(of: "}") else { return [pattern] }
        let head = String(pattern[..<open]), tail = String(pattern[pattern.index(after: close)...])
        return pattern[pattern.index(after: open)..<close].split(separator: ",", omittingEmptySubsequences: false)
            .flatMap { expanded(head + $0 + tail) }
    }

    private func match(_ p: [Character], _ i: Int, _ t: [Character], _ j: Int, _ crossing: Bool) -> Bool {
        if i == p.count { return j == t.count }
        if p[i] == "*" {
            let double = i + 1 < p.count && p[i + 1] == "*"
            let next = double ? i + 2 : i + 1
            var k = j
            while true {
                if match(p, next, t, k, crossing) { return true }
                if k == t.count || (!double && !crossing && t[k] == "/") { return false }
                k += 1
            }
        }
        guard j < t.count else { return false }
        if p[i] == "?" || p[i] == t[j] { return match(p, i + 1, t, j + 1, crossing) }
        return false
    }
}
