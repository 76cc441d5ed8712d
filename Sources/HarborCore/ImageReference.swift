import Foundation

/// A reference to an image or chart in a Harbor project:
/// `HOST/PROJECT/REPOSITORY[:TAG][@sha256:HEX]`, where REPOSITORY may be nested (`team/app`).
///
/// Immutable and always valid: build one with `ImageReference.resolve(_:defaults:)`, which accepts
/// the full form, `oci://` forms, and the short forms `PKEY/REPO[:TAG]` and `REPO[:TAG]`
/// completed from the configured defaults.
public struct ImageReference: Hashable, Sendable, CustomStringConvertible {
    /// `host[:port]` of the Harbor instance.
    public let host: String
    /// The Harbor project (on DevOps-as-a-Service: the project key).
    public let project: String
    /// The repository inside the project, without the project: `app` or `team/app`.
    public let repository: String
    public let tag: String?
    public let digest: Digest?

    public init(host: String, project: String, repository: String, tag: String?, digest: Digest?) {
        self.host = host
        self.project = project
        self.repository = repository
        self.tag = tag
        self.digest = digest
    }

    /// The repository path as the registry and Harbor's API name it: `PROJECT/REPOSITORY`.
    public var path: String { "\(project)/\(repository)" }
    /// `HOST/PROJECT/REPOSITORY`
    public var name: String { "\(host)/\(path)" }

    /// The canonical, fully qualified form.
    public var description: String {
        var text = name
        if let tag { text += ":\(tag)" }
        if let digest { text += "@\(digest)" }
        return text
    }

    /// What to ask the registry for: the digest when there is one, else the tag, else `latest`.
    public var manifestReference: String { digest?.description ?? tag ?? "latest" }

    /// The token scope for this repository, e.g. `repository:pkey/app:pull,push`.
    public func scope(_ actions: [String]) -> String { "repository:\(path):\(actions.joined(separator: ","))" }
}

/// What short references are completed from.
public struct ReferenceDefaults: Sendable, Equatable {
    public var host: String?
    public var project: String?
    /// Where the defaults come from, for error messages ("set one with …").
    public var advice: String

    public init(host: String?, project: String?, advice: String = "set defaults with 'docker harbor use CUSTOMER PKEY'") {
        self.host = host
        self.project = project
        self.advice = advice
    }
}

extension ImageReference {
    /// Harbor's rule for project names (stricter than the OCI path grammar: no `__`, no `--`).
    public static func projectNameIssue(_ project: String) -> String? {
        if project.isEmpty { return "the project key is empty" }
        if project.count > 255 { return "the project key is longer than 255 characters" }
        var previousWasSeparator = true
        for (offset, c) in project.enumerated() {
            let isSeparator = c == "." || c == "_" || c == "-"
            if isSeparator {
                if previousWasSeparator {
                    return offset == 0
                        ? "project key '\(project)' cannot start with '\(c)'"
                        : "project key '\(project)' has two separators in a row at position \(offset + 1); Harbor allows one '.', '_' or '-' between letters or digits"
                }
            } else if !(c.isASCII && (c.isLowercase || c.isNumber)) {
                return "'\(c)' at position \(offset + 1) is not allowed in project key '\(project)'; Harbor project keys use lower-case letters, digits and single '.', '_', '-'"
            }
            previousWasSeparator = isSeparator
        }
        if previousWasSeparator { return "project key '\(project)' cannot end with a separator" }
        return nil
    }

    /// Parses and completes a reference.
    ///
    /// - `HOST/PKEY/REPO[:TAG][@DIGEST]`: as written (HOST contains `.` or `:`, or is `localhost`).
    /// - `PKEY/REPO[:TAG]`: on the default host.
    /// - `REPO[:TAG]`: in the default project on the default host.
    /// - With `allowOCIScheme`, an `oci://` prefix (Helm's form) is accepted and dropped.
    public static func resolve(_ input: String, defaults: ReferenceDefaults, allowOCIScheme: Bool = false) throws(ReferenceError) -> ImageReference {
        var text = input
        var schemeLength = 0
        if let range = text.range(of: "://") {
            let scheme = String(text[..<range.lowerBound])
            if allowOCIScheme && scheme == "oci" {
                text = String(text[range.upperBound...])
                schemeLength = scheme.count + 3
            } else {
                let hint = allowOCIScheme ? "use oci://HOST/PKEY/REPO or HOST/PKEY/REPO" : "write it without a scheme: HOST/PKEY/REPO:TAG"
                throw ReferenceError(input: input, kind: .invalidFormat, part: .reference, position: 1, message: "'\(scheme)://' is not part of an image reference", hint: hint)
            }
        }

        let parsed: ParsedReference
        do {
            parsed = try ReferenceGrammar.parse(text)
        } catch {
            throw ReferenceError(input: input, kind: error.kind, part: error.part, position: error.position.map { $0 + schemeLength }, message: error.reason.replacingPositions(adding: schemeLength), hint: error.hint)
        }

        // Docker reads a first component with '.' or ':' as a registry host; so do we, and say
        // what is wrong with it rather than take it for a project key.
        if parsed.domain == nil, let slash = parsed.path.firstIndex(of: "/") {
            let first = String(parsed.path[..<slash])
            if first.contains(".") || first.contains(":"), let error = ReferenceGrammar.hostError(first, input: input, offset: schemeLength) {
                throw error
            }
        }

        let host: String
        var components: [Substring]
        if parsed.hasExplicitHost, let domain = parsed.domain {
            let onlyUpper = !domain.contains(".") && !domain.contains(":") && domain != "localhost"
            if onlyUpper {
                let lower = domain.lowercased()
                throw ReferenceError(
                    input: input, kind: .nameContainsUppercase, part: .project, position: schemeLength + 1,
                    message: "'\(domain)' has upper case, so it would be read as a registry host; Harbor project keys are lower case",
                    hint: "did you mean '\(input.replacingOccurrences(of: domain, with: lower))'?")
            }
            host = domain
            components = parsed.path.split(separator: "/", omittingEmptySubsequences: false)
            if components.count < 2 {
                throw ReferenceError(
                    input: input, kind: .invalidFormat, part: .project, position: schemeLength + domain.count + 2,
                    message: "'\(parsed.path)' has no project: Harbor keeps every repository in a project",
                    hint: "write \(domain)/PKEY/\(parsed.path)")
            }
        } else {
            guard let defaultHost = defaults.host else {
                throw ReferenceError(
                    input: input, kind: .missingDefault, part: .host, position: nil,
                    message: "no Harbor instance is named and none is configured",
                    hint: "give the full form HOST/PKEY/REPO:TAG, or \(defaults.advice)")
            }
            host = defaultHost
            components = parsed.name.split(separator: "/", omittingEmptySubsequences: false)
            if components.count == 1 {
                guard let project = defaults.project else {
                    throw ReferenceError(
                        input: input, kind: .missingDefault, part: .project, position: nil,
                        message: "no project key is given and no default project is configured",
                        hint: "write PKEY/\(parsed.name), or \(defaults.advice)")
                }
                components.insert(Substring(project), at: 0)
            }
        }

        let project = String(components[0])
        if let issue = projectNameIssue(project) {
            throw ReferenceError(input: input, kind: .invalidFormat, part: .project, position: nil, message: issue)
        }
        let repository = components.dropFirst().joined(separator: "/")
        let path = "\(project)/\(repository)"
        if path.count > ReferenceGrammar.maxNameLength {
            throw ReferenceError(
                input: input, kind: .nameTooLong, part: .repository, position: nil,
                message: "the repository path \(path) is \(path.count) characters long; at most \(ReferenceGrammar.maxNameLength) are allowed")
        }
        return ImageReference(host: host, project: project, repository: repository, tag: parsed.tag, digest: parsed.digest)
    }
}

extension String {
    /// Adds `offset` to every "position N" in a message.
    func replacingPositions(adding offset: Int) -> String {
        guard offset > 0 else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.range(of: "position ") {
            result += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            let digits = rest.prefix(while: \.isNumber)
            if let number = Int(digits) {
                result += String(number + offset)
                rest = rest.dropFirst(digits.count)
            }
        }
        return result + rest
    }
}
