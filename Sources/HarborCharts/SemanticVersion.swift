/// Semantic versions as Masterminds/semver v3 reads them: `NewVersion`, which Helm's
/// `isValidSemver` uses for a chart's version, and `StrictNewVersion` (Semantic Versioning 2.0.0),
/// which Helm 4 uses for a plugin's.
package enum SemanticVersion {
    /// `NewVersion`: an optional `v`, one to three numeric parts, then an optional `-prerelease`
    /// and `+build`.
    package static func isValid(_ text: String) -> Bool {
        var rest = Substring(text)
        if rest.hasPrefix("v") { rest = rest.dropFirst() }
        guard let core = numericCore(rest) else { return false }
        return (1...3).contains(core.count) && core.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) && UInt64($0) != nil }
    }

    /// `StrictNewVersion`: exactly three numeric parts without leading zeros, no `v`.
    package static func isStrict(_ text: String) -> Bool {
        guard let core = numericCore(Substring(text)) else { return false }
        return core.count == 3 && core.allSatisfy(isNumeric)
    }

    /// The dot-separated parts before `-prerelease` and `+build`, once those are valid (both
    /// readings share them: identifiers of letters, digits and `-`, and no leading zero in a
    /// numeric pre-release identifier); nil when they are not.
    private static func numericCore(_ text: Substring) -> [Substring]? {
        var rest = text
        if let plus = rest.firstIndex(of: "+") {
            let build = rest[rest.index(after: plus)...]
            guard build.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(isIdentifier) else { return nil }
            rest = rest[..<plus]
        }
        if let dash = rest.firstIndex(of: "-") {
            let identifiers = rest[rest.index(after: dash)...].split(separator: ".", omittingEmptySubsequences: false)
            guard identifiers.allSatisfy(isIdentifier),
                  identifiers.allSatisfy({ !$0.allSatisfy(\.isASCIIDigit) || isNumeric($0) })
            else { return nil }
            rest = rest[..<dash]
        }
        return rest.split(separator: ".", omittingEmptySubsequences: false)
    }

    private static func isNumeric(_ part: Substring) -> Bool {
        !part.isEmpty && part.allSatisfy(\.isASCIIDigit) && (part == "0" || part.first != "0")
    }

    private static func isIdentifier(_ part: Substring) -> Bool {
        !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
