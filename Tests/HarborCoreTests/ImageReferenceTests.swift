import HarborCore
import Testing

/// Our own table: the Harbor forms users type, resolved against defaults, and every kind of
/// mistake with the message a user sees.
struct ImageReferenceTests {
    static let host = "registry-acme.devops.t-systems.net"
    static let defaults = ReferenceDefaults(host: host, project: "pkey")
    static let sha = "sha256:" + String(repeating: "a1", count: 32)

    struct Valid: Sendable, CustomTestStringConvertible {
        let input: String
        let canonical: String
        var project: String? = nil
        var repository: String? = nil
        var testDescription: String { input }
    }

    static let valid: [Valid] = [
        // Full Harbor forms
        Valid(input: "\(host)/pkey/app:1.0", canonical: "\(host)/pkey/app:1.0", project: "pkey", repository: "app"),
        Valid(input: "\(host)/pkey/app", canonical: "\(host)/pkey/app"),
        Valid(input: "\(host)/pkey/team/app:v2", canonical: "\(host)/pkey/team/app:v2", project: "pkey", repository: "team/app"),
        Valid(input: "\(host)/pkey/a/b/c/d:x", canonical: "\(host)/pkey/a/b/c/d:x", repository: "a/b/c/d"),
        Valid(input: "\(host)/pkey/app@\(sha)", canonical: "\(host)/pkey/app@\(sha)"),
        Valid(input: "\(host)/pkey/app:1@\(sha)", canonical: "\(host)/pkey/app:1@\(sha)"),
        Valid(input: "harbor.example.com:8443/proj/app:latest", canonical: "harbor.example.com:8443/proj/app:latest", project: "proj"),
        Valid(input: "127.0.0.1:5000/demo/chart:0.1.0", canonical: "127.0.0.1:5000/demo/chart:0.1.0"),
        Valid(input: "localhost/demo/app", canonical: "localhost/demo/app"),
        Valid(input: "localhost:5000/demo/app:1", canonical: "localhost:5000/demo/app:1"),
        Valid(input: "[::1]:5000/demo/app", canonical: "[::1]:5000/demo/app"),
        Valid(input: "Registry-ACME.devops.t-systems.net/pkey/app", canonical: "Registry-ACME.devops.t-systems.net/pkey/app"),
        // Short forms
        Valid(input: "pkey/app:1", canonical: "\(host)/pkey/app:1", project: "pkey", repository: "app"),
        Valid(input: "other/app", canonical: "\(host)/other/app", project: "other", repository: "app"),
        Valid(input: "app:1", canonical: "\(host)/pkey/app:1", project: "pkey", repository: "app"),
        Valid(input: "app", canonical: "\(host)/pkey/app"),
        Valid(input: "app@\(sha)", canonical: "\(host)/pkey/app@\(sha)"),
        Valid(input: "pkey/team/app:1", canonical: "\(host)/pkey/team/app:1", project: "pkey", repository: "team/app"),
        // Path separators
        Valid(input: "pkey/my.app", canonical: "\(host)/pkey/my.app"),
        Valid(input: "pkey/my_app", canonical: "\(host)/pkey/my_app"),
        Valid(input: "pkey/my__app", canonical: "\(host)/pkey/my__app"),
        Valid(input: "pkey/my-app", canonical: "\(host)/pkey/my-app"),
        Valid(input: "pkey/my---app", canonical: "\(host)/pkey/my---app"),
        Valid(input: "pkey/a1.b2_c3-d4", canonical: "\(host)/pkey/a1.b2_c3-d4"),
        Valid(input: "p-key/app", canonical: "\(host)/p-key/app", project: "p-key"),
        Valid(input: "\(host)/p.key/app", canonical: "\(host)/p.key/app", project: "p.key"),
        Valid(input: "123/app", canonical: "\(host)/123/app", project: "123"),
        // Tags
        Valid(input: "app:_", canonical: "\(host)/pkey/app:_"),
        Valid(input: "app:V1.0-RC_1", canonical: "\(host)/pkey/app:V1.0-RC_1"),
        Valid(input: "app:1.2.3_build.4", canonical: "\(host)/pkey/app:1.2.3_build.4"),
        Valid(input: "app:" + String(repeating: "t", count: 128), canonical: "\(host)/pkey/app:" + String(repeating: "t", count: 128)),
        Valid(input: "app:0", canonical: "\(host)/pkey/app:0"),
    ]

    @Test(arguments: valid)
    func resolvesValidReference(_ case_: Valid) throws {
        let reference = try ImageReference.resolve(case_.input, defaults: Self.defaults)
        #expect(reference.description == case_.canonical)
        if let project = case_.project { #expect(reference.project == project) }
        if let repository = case_.repository { #expect(reference.repository == repository) }
        // The canonical form reads back to the same value.
        #expect(try ImageReference.resolve(reference.description, defaults: Self.defaults) == reference)
    }

    struct Invalid: Sendable, CustomTestStringConvertible {
        let input: String
        let kind: ReferenceError.Kind
        let part: ReferenceError.Part
        let position: Int?
        let message: String
        var testDescription: String { input.isEmpty ? "(empty)" : String(input.prefix(60)) }
    }

    static let invalid: [Invalid] = [
        Invalid(input: "", kind: .nameEmpty, part: .reference, position: nil, message: "the reference is empty"),
        Invalid(input: ":1", kind: .invalidFormat, part: .repository, position: 1, message: "the repository name is missing before ':'"),
        Invalid(input: "@\(sha)", kind: .invalidFormat, part: .repository, position: 1, message: "the repository name is missing before '@'"),
        // Upper case
        Invalid(input: "pkey/App:1", kind: .nameContainsUppercase, part: .repository, position: 6, message: "'A' at position 6 is upper case; repository names must be lower case"),
        Invalid(input: "pkey/apP", kind: .nameContainsUppercase, part: .repository, position: 8, message: "'P' at position 8 is upper case"),
        Invalid(input: "\(host)/pkey/App", kind: .nameContainsUppercase, part: .repository, position: host.count + 7, message: "is upper case"),
        Invalid(input: "PKEY/app:1", kind: .nameContainsUppercase, part: .project, position: 1, message: "'PKEY' has upper case, so it would be read as a registry host"),
        Invalid(input: "App", kind: .nameContainsUppercase, part: .repository, position: 1, message: "'A' at position 1 is upper case"),
        // Characters not allowed in paths
        Invalid(input: "pkey/a$p", kind: .invalidFormat, part: .repository, position: 7, message: "'$' at position 7 is not allowed in a repository name"),
        Invalid(input: "pkey/my app", kind: .invalidFormat, part: .repository, position: 8, message: "a space at position 8 is not allowed"),
        Invalid(input: "pkey/a+b", kind: .invalidFormat, part: .repository, position: 7, message: "'+' at position 7 is not allowed"),
        Invalid(input: "pkey/ä", kind: .invalidFormat, part: .repository, position: 6, message: "'ä' at position 6 is not allowed"),
        Invalid(input: "pkey/a\tb", kind: .invalidFormat, part: .repository, position: 7, message: "control character U+9 at position 7"),
        // Separators
        Invalid(input: "pkey/-app", kind: .invalidFormat, part: .repository, position: 6, message: "'-' at position 6 cannot start a path component"),
        Invalid(input: "pkey/app-", kind: .invalidFormat, part: .repository, position: 9, message: "'-' at position 9 cannot end a path component"),
        Invalid(input: "pkey/.app", kind: .invalidFormat, part: .repository, position: 6, message: "cannot start a path component"),
        Invalid(input: "pkey/app.", kind: .invalidFormat, part: .repository, position: 9, message: "cannot end a path component"),
        Invalid(input: "pkey/_app", kind: .invalidFormat, part: .repository, position: 6, message: "cannot start a path component"),
        Invalid(input: "pkey/app_", kind: .invalidFormat, part: .repository, position: 9, message: "cannot end a path component"),
        Invalid(input: "pkey/a..b", kind: .invalidFormat, part: .repository, position: 7, message: "'..' at position 7 is not a valid separator"),
        Invalid(input: "pkey/a___b", kind: .invalidFormat, part: .repository, position: 7, message: "'___' at position 7 is not a valid separator"),
        Invalid(input: "pkey/a._b", kind: .invalidFormat, part: .repository, position: 7, message: "'._' at position 7 is not a valid separator"),
        Invalid(input: "pkey/a-.b", kind: .invalidFormat, part: .repository, position: 7, message: "'-.' at position 7 is not a valid separator"),
        Invalid(input: "pkey/a/-b", kind: .invalidFormat, part: .repository, position: 8, message: "cannot start a path component"),
        // Slashes
        Invalid(input: "pkey//app", kind: .invalidFormat, part: .repository, position: 6, message: "empty path component: '/' at position 6 follows another '/'"),
        Invalid(input: "pkey/app/", kind: .invalidFormat, part: .repository, position: 9, message: "the repository name ends with '/' at position 9"),
        Invalid(input: "/pkey/app", kind: .invalidFormat, part: .repository, position: 1, message: "'/' at position 1 follows nothing"),
        Invalid(input: "\(host)/", kind: .invalidFormat, part: .repository, position: host.count + 1, message: "ends with '/'"),
        // Harbor project rule (stricter than the OCI grammar)
        Invalid(input: "p__key/app", kind: .invalidFormat, part: .project, position: nil, message: "has two separators in a row at position 3"),
        Invalid(input: "p--key/app", kind: .invalidFormat, part: .project, position: nil, message: "two separators in a row"),
        Invalid(input: "\(host)/app:1", kind: .invalidFormat, part: .project, position: host.count + 2, message: "'app' has no project"),
        // Tags
        Invalid(input: "app:", kind: .invalidFormat, part: .tag, position: 4, message: "the tag is empty: nothing follows ':' at position 4"),
        Invalid(input: "app:.1", kind: .invalidFormat, part: .tag, position: 5, message: "the tag cannot start with '.'"),
        Invalid(input: "app:-1", kind: .invalidFormat, part: .tag, position: 5, message: "the tag cannot start with '-'"),
        Invalid(input: "app:1~2", kind: .invalidFormat, part: .tag, position: 6, message: "'~' at position 6 is not allowed in a tag"),
        Invalid(input: "app:1+2", kind: .invalidFormat, part: .tag, position: 6, message: "'+' at position 6 is not allowed in a tag"),
        Invalid(input: "app:a b", kind: .invalidFormat, part: .tag, position: 6, message: "a space at position 6 is not allowed in a tag"),
        Invalid(input: "app:" + String(repeating: "t", count: 129), kind: .invalidFormat, part: .tag, position: 133, message: "the tag is 129 characters long; at most 128 are allowed"),
        Invalid(input: "pkey/app:1:2", kind: .invalidFormat, part: .repository, position: 9, message: "':' at position 9 is not allowed in a repository name"),
        // Digests
        Invalid(input: "app@", kind: .invalidFormat, part: .digest, position: 4, message: "the digest is empty: nothing follows '@' at position 4"),
        Invalid(input: "app@sha256", kind: .invalidFormat, part: .digest, position: 5, message: "the digest has no ':'"),
        Invalid(input: "app@:abc", kind: .invalidFormat, part: .digest, position: 5, message: "the digest algorithm is missing"),
        Invalid(input: "app@sha256:abc", kind: .invalidFormat, part: .digest, position: 12, message: "the digest has 3 hex digits; sha256 needs 64"),
        Invalid(input: "app@sha256:" + String(repeating: "g", count: 64), kind: .invalidFormat, part: .digest, position: 12, message: "'g' at position 12 is not a hex digit"),
        Invalid(input: "app@sha256:" + String(repeating: "a", count: 63), kind: .digestInvalidLength, part: .digest, position: 12, message: "the digest has 63 hex digits; sha256 needs exactly 64"),
        Invalid(input: "app@sha256:" + String(repeating: "a", count: 65), kind: .digestInvalidLength, part: .digest, position: 12, message: "65 hex digits"),
        Invalid(input: "app@sha256:" + String(repeating: "A", count: 64), kind: .invalidFormat, part: .digest, position: 12, message: "digest hex must be lower case"),
        Invalid(input: "app@sha512:" + String(repeating: "a", count: 128), kind: .digestUnsupported, part: .digest, position: 5, message: "digest algorithm 'sha512' is not supported"),
        Invalid(input: "app@md5:" + String(repeating: "a", count: 32), kind: .digestUnsupported, part: .digest, position: 5, message: "'md5' is not supported"),
        Invalid(input: "app@1sha:" + String(repeating: "a", count: 64), kind: .invalidFormat, part: .digest, position: 5, message: "'1' at position 5 cannot start a digest algorithm name"),
        Invalid(input: "app@sha256+:" + String(repeating: "a", count: 64), kind: .invalidFormat, part: .digest, position: 11, message: "cannot end with a separator"),
        Invalid(input: "app@sha 256:" + String(repeating: "a", count: 64), kind: .invalidFormat, part: .digest, position: 8, message: "a space at position 8 is not allowed in a digest algorithm name"),
        // Hosts
        Invalid(input: "bad_host.com/pkey/app", kind: .invalidFormat, part: .host, position: 4, message: "'_' at position 4 is not allowed in a host name"),
        Invalid(input: "-host.com/pkey/app", kind: .invalidFormat, part: .host, position: 1, message: "'-' at position 1 cannot start a host name label"),
        Invalid(input: "host-.com/pkey/app", kind: .invalidFormat, part: .host, position: 5, message: "'-' at position 5 cannot end a host name label"),
        Invalid(input: "host..com/pkey/app", kind: .invalidFormat, part: .host, position: 6, message: "leaves an empty label"),
        Invalid(input: "host.com:http/pkey/app", kind: .invalidFormat, part: .host, position: 10, message: "'h' at position 10 is not allowed in a port number"),
        Invalid(input: "host.com:/pkey/app", kind: .invalidFormat, part: .host, position: 9, message: "is not followed by a port number"),
        Invalid(input: "[::1/pkey/app", kind: .invalidFormat, part: .host, position: 1, message: "opens an IPv6 address that is never closed"),
        Invalid(input: "[fe80::1%eth0]:5000/pkey/app", kind: .invalidFormat, part: .host, position: 9, message: "'%' at position 9 is not allowed in an IPv6 address"),
        Invalid(input: "[]:5000/pkey/app", kind: .invalidFormat, part: .host, position: 2, message: "the IPv6 address in brackets is empty"),
        // Length
        Invalid(input: "\(host)/pkey/" + String(repeating: "a", count: 255), kind: .nameTooLong, part: .repository, position: host.count + 257, message: "the repository path is 260 characters long; at most 255 are allowed"),
        Invalid(input: String(repeating: "a", count: 252), kind: .nameTooLong, part: .repository, position: nil, message: "the repository path pkey/aaaa"),
        Invalid(input: "p.key/app", kind: .invalidFormat, part: .project, position: 7, message: "'app' has no project"),
        // Schemes
        Invalid(input: "https://\(host)/pkey/app", kind: .invalidFormat, part: .reference, position: 1, message: "'https://' is not part of an image reference"),
        Invalid(input: "oci://\(host)/pkey/app", kind: .invalidFormat, part: .reference, position: 1, message: "'oci://' is not part of an image reference"),
    ]

    @Test(arguments: invalid)
    func rejectsInvalidReference(_ case_: Invalid) {
        let error = #expect(throws: ReferenceError.self) { try ImageReference.resolve(case_.input, defaults: Self.defaults) }
        #expect(error?.kind == case_.kind)
        #expect(error?.part == case_.part)
        #expect(error?.position == case_.position)
        #expect(error?.message.contains(case_.message) == true, "message: \(error?.message ?? "none")")
        #expect(error?.description.hasPrefix("invalid reference \"\(case_.input)\": ") == true)
    }

    @Test func tableSizes() {
        // The issue asks for at least 80 cases of our own.
        #expect(Self.valid.count + Self.invalid.count + Self.missingDefaults.count + Self.helmForms.count >= 80)
    }

    static let missingDefaults: [(input: String, defaults: ReferenceDefaults, part: ReferenceError.Part, message: String)] = [
        ("pkey/app", ReferenceDefaults(host: nil, project: "pkey"), .host, "no Harbor instance is named and none is configured"),
        ("app", ReferenceDefaults(host: nil, project: nil), .host, "no Harbor instance is named"),
        ("app:1", ReferenceDefaults(host: host, project: nil), .project, "no project key is given and no default project is configured"),
    ]

    @Test(arguments: 0..<3)
    func shortFormsNeedDefaults(_ index: Int) {
        let case_ = Self.missingDefaults[index]
        let error = #expect(throws: ReferenceError.self) { try ImageReference.resolve(case_.input, defaults: case_.defaults) }
        #expect(error?.kind == .missingDefault)
        #expect(error?.part == case_.part)
        #expect(error?.message.contains(case_.message) == true)
        #expect(error?.hint?.contains("docker harbor use CUSTOMER PKEY") == true)
    }

    static let helmForms: [(input: String, canonical: String)] = [
        ("oci://\(host)/pkey/chart:1.0.0", "\(host)/pkey/chart:1.0.0"),
        ("oci://\(host)/pkey/charts/mychart", "\(host)/pkey/charts/mychart"),
        ("oci://127.0.0.1:5000/demo/chart", "127.0.0.1:5000/demo/chart"),
        ("oci://pkey/chart", "\(host)/pkey/chart"),
    ]

    @Test(arguments: 0..<4)
    func helmAcceptsOCIScheme(_ index: Int) throws {
        let case_ = Self.helmForms[index]
        let reference = try ImageReference.resolve(case_.input, defaults: Self.defaults, allowOCIScheme: true)
        #expect(reference.description == case_.canonical)
    }

    @Test func positionsCountFromWhatTheUserTyped() {
        let error = #expect(throws: ReferenceError.self) { try ImageReference.resolve("oci://\(Self.host)/pkey/App", defaults: Self.defaults, allowOCIScheme: true) }
        let position = 6 + Self.host.count + 7
        #expect(error?.position == position)
        #expect(error?.message.contains("at position \(position)") == true)
    }

    @Test func upperCaseHintSuggestsLowerCase() {
        let error = #expect(throws: ReferenceError.self) { try ImageReference.resolve("MYPROJ/app:1", defaults: Self.defaults) }
        #expect(error?.hint == "did you mean 'myproj/app:1'?")
    }

    @Test func scopeAndManifestReference() throws {
        let reference = try ImageReference.resolve("pkey/team/app:1", defaults: Self.defaults)
        #expect(reference.scope(["pull", "push"]) == "repository:pkey/team/app:pull,push")
        #expect(reference.manifestReference == "1")
        #expect(try ImageReference.resolve("app", defaults: Self.defaults).manifestReference == "latest")
        #expect(try ImageReference.resolve("app@\(Self.sha)", defaults: Self.defaults).manifestReference == Self.sha)
    }

    @Test func digestParsesOnItsOwn() throws {
        #expect(try Digest(parsing: Self.sha).hex == String(repeating: "a1", count: 32))
        #expect(throws: ReferenceError.self) { try Digest(parsing: "sha256:xyz") }
    }
}
