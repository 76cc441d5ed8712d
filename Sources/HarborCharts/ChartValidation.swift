/// Helm's checks on `Chart.yaml` (`Metadata.Validate` in helm/helm pkg/chart/v2/metadata.go and
/// `Dependency.Validate` in dependency.go at v4.3.1; the same at v3.17.3): sanitize free-text
/// fields, then refuse what `helm push` refuses.
extension ChartMetadata {
    public mutating func validate() throws(ChartArchiveError) {
        name = Self.sanitize(name)
        description = Self.sanitize(description)
        home = Self.sanitize(home)
        icon = Self.sanitize(icon)
        condition = Self.sanitize(condition)
        tags = Self.sanitize(tags)
        appVersion = Self.sanitize(appVersion)
        kubeVersion = Self.sanitize(kubeVersion)
        sources = sources.map(Self.sanitize)
        keywords = keywords.map(Self.sanitize)

        if apiVersion.isEmpty { throw .invalidMetadata("apiVersion is required") }
        if name.isEmpty { throw .invalidMetadata("name is required") }
        if name == "." || name == ".." { throw .invalidMetadata("name \"\(name)\" is not allowed") }
        if name.contains("/") || name.contains("\\") && Self.isWindowsPathSeparator { throw .invalidMetadata("name \"\(name)\" is invalid: it must not contain '/'") }
        if version.isEmpty { throw .invalidMetadata("version is required") }
        if !SemanticVersion.isValid(version) {
            throw .invalidMetadata("version \"\(version)\" is invalid: it must be a semantic version such as 1.2.3, 1.2.3-rc.1 or 1.2.3+build.5")
        }
        if !["", "application", "library"].contains(type) { throw .invalidMetadata("type must be application or library") }
        for index in maintainers.indices {
            guard var maintainer = maintainers[index] else { throw .invalidMetadata("maintainers must not contain empty or null entries") }
            maintainer.name = Self.sanitize(maintainer.name)
            maintainer.email = Self.sanitize(maintainer.email)
            maintainer.url = Self.sanitize(maintainer.url)
            maintainers[index] = maintainer
        }
        var seen: Set<String> = []
        for index in dependencies.indices {
            guard var dependency = dependencies[index] else { throw .invalidMetadata("dependencies must not contain empty or null entries") }
            dependency.name = Self.sanitize(dependency.name)
            dependency.version = Self.sanitize(dependency.version)
            dependency.repository = Self.sanitize(dependency.repository)
            dependency.condition = Self.sanitize(dependency.condition)
            dependency.tags = dependency.tags.map(Self.sanitize)
            if !dependency.alias.isEmpty, !dependency.alias.unicodeScalars.allSatisfy(Self.isAliasCharacter) {
                throw .invalidMetadata("dependency \"\(dependency.name)\" has disallowed characters in the alias (letters, digits, '_' and '-' only)")
            }
            let key = dependency.alias.isEmpty ? dependency.name : dependency.alias
            if !seen.insert(key).inserted { throw .invalidMetadata("more than one dependency with name or alias \"\(key)\"") }
            dependencies[index] = dependency
        }
    }

    /// Go's `filepath.Base` splits on '\' only on Windows; Helm on Linux and macOS accepts it.
    private static let isWindowsPathSeparator = false

    private static func isAliasCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-")
    }

    /// Helm's `sanitizeString`: white space (Go's `unicode.IsSpace`) becomes a space, characters
    /// that are not printable (Go's `unicode.IsPrint`) are dropped.
    package static func sanitize(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                result.append(" ")
                continue
            }
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                .nonspacingMark, .spacingMark, .enclosingMark,
                .decimalNumber, .letterNumber, .otherNumber,
                .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation, .otherPunctuation,
                .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
                result.append(scalar)
            default:
                break
            }
        }
        return String(result)
    }
}
