import Foundation

/// A reference split into its parts exactly as the OCI distribution grammar reads it
/// (distribution/reference `Parse`: no defaulting, the domain as written).
public struct ParsedReference: Hashable, Sendable {
    /// `host[:port]` when the grammar reads the first path component as a domain.
    public let domain: String?
    public let path: String
    public let tag: String?
    public let digest: Digest?

    /// `domain/path`, or `path`.
    public var name: String { domain.map { "\($0)/\(path)" } ?? path }

    /// Docker's rule for "this names a registry": the first component contains `.` or `:`,
    /// is `localhost`, or has upper case. Otherwise it is a short form resolved against defaults.
    public var hasExplicitHost: Bool {
        guard let domain else { return false }
        return domain.contains(".") || domain.contains(":") || domain == "localhost" || domain != domain.lowercased()
    }
}

/// A hand-written parser for
/// ```
/// reference  := name [ ":" tag ] [ "@" digest ]
/// name       := [domain "/"] path-component ["/" path-component]*
/// domain     := (domain-name | "[" ipv6 "]") [":" port]
/// path-component := [a-z0-9]+ ((\.|_|__|-+) [a-z0-9]+)*
/// tag        := [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
/// digest     := algorithm ":" hex   (algorithm components joined by + . _ -, hex ≥ 32)
/// ```
/// Every rejection names the part, the character and its position. The checks run in the
/// same stages as distribution/reference (syntax, then name length, then the digest's
/// algorithm and length), so the error classes agree with its test tables.
public enum ReferenceGrammar {
    public static let maxNameLength = 255
    public static let maxTagLength = 128

    struct Issue: Error, Equatable {
        var kind: ReferenceError.Kind
        var part: ReferenceError.Part
        var offset: Int?
        var message: String
        var hint: String?

        func error(input: String) -> ReferenceError {
            ReferenceError(input: input, kind: kind, part: part, position: offset.map { $0 + 1 }, message: message, hint: hint)
        }
    }

    static let pathRule = "repository names use lower-case letters and digits, separated by '.', '_', '__' or dashes, with '/' between components"
    static let tagRule = "a tag is 1 to 128 letters, digits, '_', '.' or '-', and starts with a letter, digit or '_'"
    static let hostRule = "a registry host is a DNS name or [IPv6] address with an optional numeric :port"

    public static func parse(_ input: String) throws(ReferenceError) -> ParsedReference {
        switch parseScalars(Array(input.unicodeScalars)) {
        case .success(let parsed):
            return parsed
        case .failure(let issue):
            // distribution calls a name "upper case" only if lower-casing it makes it valid.
            if issue.kind == .nameContainsUppercase, case .failure(let other) = parseScalars(Array(input.lowercased().unicodeScalars)) {
                throw other.error(input: input)
            }
            throw issue.error(input: input)
        }
    }

    /// Why `host` (which starts at `offset` in `input`) is not a valid `host[:port]`, or nil.
    public static func hostError(_ host: String, input: String, offset: Int = 0) -> ReferenceError? {
        let scalars = Array(host.unicodeScalars)
        guard let issue = domainIssue(scalars[...], offset: 0) else { return nil }
        var shifted = issue
        shifted.offset = issue.offset.map { $0 + offset }
        shifted.message = issue.message.replacingPositions(adding: offset)
        return shifted.error(input: input)
    }

    public static func isValidDomain(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        return domainIssue(scalars[...], offset: 0) == nil
    }

    static func parseScalars(_ s: [Unicode.Scalar]) -> Result<ParsedReference, Issue> {
        if s.isEmpty {
            return .failure(Issue(kind: .nameEmpty, part: .reference, offset: nil, message: "the reference is empty", hint: "give one like PKEY/REPO:TAG"))
        }
        let at = s.firstIndex(of: "@")
        let nameAndTagEnd = at ?? s.count
        let lastSlash = s[..<nameAndTagEnd].lastIndex(of: "/")
        var nameEnd = nameAndTagEnd
        var tagRange: Range<Int>?
        if let colon = s[..<nameAndTagEnd].lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true {
            nameEnd = colon
            tagRange = (colon + 1)..<nameAndTagEnd
        }

        if nameEnd == 0 {
            let what = s[0] == "@" ? "'@'" : "':'"
            return .failure(Issue(kind: .invalidFormat, part: .repository, offset: 0, message: "the repository name is missing before \(what) at position 1", hint: "give one like PKEY/REPO:TAG"))
        }

        // Syntax: name, then tag, then the digest's loose shape.
        let domainEnd: Int?
        switch splitName(s, end: nameEnd) {
        case .failure(let issue): return .failure(issue)
        case .success(let end): domainEnd = end
        }
        if let tagRange, let issue = tagIssue(s[tagRange], offset: tagRange.lowerBound) {
            return .failure(issue)
        }
        if let at {
            if let issue = digestSyntaxIssue(s[(at + 1)...], offset: at + 1) { return .failure(issue) }
        }

        // Length of the path (distribution/reference checks the path, not the host).
        let pathStart = domainEnd.map { $0 + 1 } ?? 0
        if nameEnd - pathStart > maxNameLength {
            return .failure(Issue(kind: .nameTooLong, part: .repository, offset: pathStart + maxNameLength, message: "the repository path is \(nameEnd - pathStart) characters long; at most \(maxNameLength) are allowed"))
        }

        var digest: Digest?
        if let at {
            let body = s[(at + 1)...]
            if let issue = digestStrictIssue(body, offset: at + 1) { return .failure(issue) }
            let colon = body.firstIndex(of: ":")!
            digest = Digest(uncheckedAlgorithm: string(s[(at + 1)..<colon]), hex: string(s[(colon + 1)...]))
        }
        let domain = domainEnd.map { string(s[0..<$0]) }
        let path = string(s[pathStart..<nameEnd])
        return .success(ParsedReference(domain: domain, path: path, tag: tagRange.map { string(s[$0]) }, digest: digest))
    }

    /// Decides whether the first component is a domain, as the grammar's greedy optional
    /// `(domain "/")?` would; returns the index of the slash after the domain, or nil.
    static func splitName(_ s: [Unicode.Scalar], end: Int) -> Result<Int?, Issue> {
        let name = s[0..<end]
        guard let slash = name.firstIndex(of: "/") else {
            if let issue = pathIssue(name, offset: 0) { return .failure(issue) }
            return .success(nil)
        }
        let first = s[0..<slash]
        let domainProblem = domainIssue(first, offset: 0)
        if domainProblem == nil {
            if let issue = pathIssue(s[(slash + 1)..<end], offset: slash + 1) { return .failure(issue) }
            return .success(slash)
        }
        guard let issue = pathIssue(name, offset: 0) else { return .success(nil) }
        // When the first component was plainly meant as a host, say what is wrong with the host.
        let looksLikeHost = first.contains(".") || first.contains(":") || first.first == "["
        if looksLikeHost, let offset = issue.offset, offset < slash, let domainProblem {
            return .failure(domainProblem)
        }
        return .failure(issue)
    }

    static func isLowerAlnum(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("0"..."9").contains(c) }
    static func isUpper(_ c: Unicode.Scalar) -> Bool { ("A"..."Z").contains(c) }
    static func isAlnum(_ c: Unicode.Scalar) -> Bool { isLowerAlnum(c) || isUpper(c) }
    static func isHex(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) || ("a"..."f").contains(c) || ("A"..."F").contains(c) }
    static func isWord(_ c: Unicode.Scalar) -> Bool { isAlnum(c) || c == "_" }

    static func quoted(_ c: Unicode.Scalar) -> String {
        if c == " " { return "a space" }
        if c.value < 0x20 || c.value == 0x7f { return "control character U+\(String(c.value, radix: 16, uppercase: true))" }
        return "'\(Character(c))'"
    }

    static func string(_ slice: ArraySlice<Unicode.Scalar>) -> String {
        var text = String.UnicodeScalarView()
        text.append(contentsOf: slice)
        return String(text)
    }

    /// Checks `path-component ("/" path-component)*`; `offset` is the slice's position in the input.
    static func pathIssue(_ s: ArraySlice<Unicode.Scalar>, offset: Int) -> Issue? {
        func fail(_ kind: ReferenceError.Kind = .invalidFormat, at index: Int, _ message: String) -> Issue {
            Issue(kind: kind, part: .repository, offset: index, message: message, hint: pathRule)
        }
        var i = s.startIndex
        var componentStart = true
        while i < s.endIndex {
            let c = s[i]
            let position = i + 1
            if c == "/" {
                if componentStart {
                    return fail(at: i, "empty path component: '/' at position \(position) follows \(i == 0 ? "nothing" : "another '/'")")
                }
                componentStart = true
                i += 1
                continue
            }
            if isLowerAlnum(c) {
                componentStart = false
                i += 1
                continue
            }
            if isUpper(c) {
                return fail(.nameContainsUppercase, at: i, "\(quoted(c)) at position \(position) is upper case; repository names must be lower case")
            }
            if c == "." || c == "_" || c == "-" {
                // A separator run: '.', '_', '__' or one or more '-', between alphanumerics.
                var j = i
                while j < s.endIndex, s[j] == "." || s[j] == "_" || s[j] == "-" { j += 1 }
                let run = string(s[i..<j])
                let valid = run == "." || run == "_" || run == "__" || run.allSatisfy { $0 == "-" }
                if !valid {
                    return fail(at: i, "'\(run)' at position \(position) is not a valid separator; use '.', '_', '__' or dashes")
                }
                if componentStart {
                    return fail(at: i, "'\(run)' at position \(position) cannot start a path component; components start with a lower-case letter or digit")
                }
                if j == s.endIndex || s[j] == "/" {
                    return fail(at: i, "'\(run)' at position \(position) cannot end a path component; components end with a lower-case letter or digit")
                }
                if !isLowerAlnum(s[j]) && !isUpper(s[j]) {
                    return fail(at: j, "\(quoted(s[j])) at position \(j + 1) is not allowed in a repository name")
                }
                i = j
                continue
            }
            return fail(at: i, "\(quoted(c)) at position \(position) is not allowed in a repository name")
        }
        if componentStart {
            let last = s.endIndex - 1
            return fail(at: last, "empty path component: the repository name ends with '/' at position \(last + 1)")
        }
        return nil
    }

    /// Checks `host[:port]` where host is a DNS name or a bracketed IPv6 address.
    static func domainIssue(_ s: ArraySlice<Unicode.Scalar>, offset: Int) -> Issue? {
        func fail(at index: Int, _ message: String) -> Issue {
            Issue(kind: .invalidFormat, part: .host, offset: index, message: message, hint: hostRule)
        }
        guard let firstIndex = s.indices.first else { return fail(at: offset, "the registry host is empty") }
        var i = firstIndex
        if s[i] == "[" {
            guard let close = s.firstIndex(of: "]") else { return fail(at: i, "'[' at position \(i + 1) opens an IPv6 address that is never closed with ']'") }
            if close == i + 1 { return fail(at: close, "the IPv6 address in brackets is empty") }
            for k in (i + 1)..<close where !(isHex(s[k]) || s[k] == ":") {
                return fail(at: k, "\(quoted(s[k])) at position \(k + 1) is not allowed in an IPv6 address (hex digits and ':' only)")
            }
            i = close + 1
        } else {
            var labelStart = i
            while i < s.endIndex, s[i] != ":" {
                let c = s[i]
                if c == "." {
                    if i == labelStart { return fail(at: i, "'.' at position \(i + 1) leaves an empty label in the host name") }
                    if s[i - 1] == "-" { return fail(at: i - 1, "'-' at position \(i) cannot end a host name label") }
                    labelStart = i + 1
                } else if c == "-" {
                    if i == labelStart { return fail(at: i, "'-' at position \(i + 1) cannot start a host name label") }
                } else if !isAlnum(c) {
                    return fail(at: i, "\(quoted(c)) at position \(i + 1) is not allowed in a host name (letters, digits, '-' and '.')")
                }
                i += 1
            }
            if i == labelStart {
                return fail(at: max(i - 1, firstIndex), i == firstIndex ? "the registry host is empty" : "the host name ends with '.'")
            }
            if s[i - 1] == "-" { return fail(at: i - 1, "'-' at position \(i) cannot end a host name label") }
        }
        if i == s.endIndex { return nil }
        guard s[i] == ":" else { return fail(at: i, "\(quoted(s[i])) at position \(i + 1) follows the host; only ':PORT' may follow it") }
        let portStart = i + 1
        if portStart == s.endIndex { return fail(at: i, "':' at position \(i + 1) is not followed by a port number") }
        for k in portStart..<s.endIndex where !("0"..."9").contains(s[k]) {
            return fail(at: k, "\(quoted(s[k])) at position \(k + 1) is not allowed in a port number (digits only)")
        }
        return nil
    }

    static func tagIssue(_ s: ArraySlice<Unicode.Scalar>, offset: Int) -> Issue? {
        func fail(at index: Int, _ message: String) -> Issue {
            Issue(kind: .invalidFormat, part: .tag, offset: index, message: message, hint: tagRule)
        }
        guard let first = s.first else { return fail(at: offset - 1, "the tag is empty: nothing follows ':' at position \(offset)") }
        if !isWord(first) {
            if first == "." || first == "-" { return fail(at: offset, "the tag cannot start with \(quoted(first)) (position \(offset + 1))") }
            return fail(at: offset, "\(quoted(first)) at position \(offset + 1) is not allowed in a tag")
        }
        for k in s.indices where !(isWord(s[k]) || s[k] == "." || s[k] == "-") {
            return fail(at: k, "\(quoted(s[k])) at position \(k + 1) is not allowed in a tag")
        }
        if s.count > maxTagLength {
            return fail(at: offset + maxTagLength, "the tag is \(s.count) characters long; at most \(maxTagLength) are allowed")
        }
        return nil
    }

    /// The digest's shape as the reference grammar accepts it (any algorithm, ≥ 32 hex digits).
    static func digestSyntaxIssue(_ s: ArraySlice<Unicode.Scalar>, offset: Int) -> Issue? {
        let shape = "a digest is ALGORITHM:HEX, like sha256: followed by 64 hex digits"
        func fail(at index: Int, _ message: String) -> Issue {
            Issue(kind: .invalidFormat, part: .digest, offset: index, message: message, hint: shape)
        }
        guard let colon = s.firstIndex(of: ":") else {
            if s.isEmpty { return fail(at: offset - 1, "the digest is empty: nothing follows '@' at position \(offset)") }
            return fail(at: s.startIndex, "the digest has no ':' between algorithm and hex")
        }
        if colon == s.startIndex { return fail(at: colon, "the digest algorithm is missing before ':' at position \(colon + 1)") }
        var componentStart = true
        for k in s.startIndex..<colon {
            let c = s[k]
            if componentStart {
                guard ("a"..."z").contains(c) || ("A"..."Z").contains(c) else {
                    return fail(at: k, "\(quoted(c)) at position \(k + 1) cannot start a digest algorithm name (a letter must)")
                }
                componentStart = false
            } else if c == "+" || c == "." || c == "_" || c == "-" {
                componentStart = true
            } else if !isAlnum(c) {
                return fail(at: k, "\(quoted(c)) at position \(k + 1) is not allowed in a digest algorithm name")
            }
        }
        if componentStart { return fail(at: colon - 1, "the digest algorithm cannot end with a separator") }
        let hex = s[(colon + 1)...]
        for k in hex.indices where !isHex(s[k]) {
            return fail(at: k, "\(quoted(s[k])) at position \(k + 1) is not a hex digit")
        }
        if hex.count < 32 {
            return fail(at: colon + 1, "the digest has \(hex.count) hex digits; sha256 needs 64")
        }
        return nil
    }

    /// What go-digest checks after the grammar: the algorithm is sha256, the hex has its length and is lower case.
    static func digestStrictIssue(_ s: ArraySlice<Unicode.Scalar>, offset: Int) -> Issue? {
        guard let colon = s.firstIndex(of: ":") else { return nil }
        let algorithm = string(s[s.startIndex..<colon])
        let hex = s[(colon + 1)...]
        guard let length = Digest.hexLength[algorithm] else {
            return Issue(kind: .digestUnsupported, part: .digest, offset: s.startIndex, message: "digest algorithm '\(algorithm)' is not supported; registries address content by sha256")
        }
        if hex.count != length {
            return Issue(kind: .digestInvalidLength, part: .digest, offset: colon + 1, message: "the digest has \(hex.count) hex digits; \(algorithm) needs exactly \(length)")
        }
        if let k = hex.firstIndex(where: { ("A"..."F").contains($0) }) {
            return Issue(kind: .invalidFormat, part: .digest, offset: k, message: "\(quoted(s[k])) at position \(k + 1): digest hex must be lower case")
        }
        return nil
    }
}
