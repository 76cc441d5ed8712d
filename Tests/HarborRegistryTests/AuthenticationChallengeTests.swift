import HarborRegistry
import Testing

/// The `WWW-Authenticate` tokenizer: what registries really send, and what it must refuse.
struct AuthenticationChallengeTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let header: String
        let expected: [AuthenticationChallenge]
        var testDescription: String { header }
    }

    static let wellFormed: [Case] = [
        // Harbor 2.7 / distribution's token challenge.
        Case(header: #"Bearer realm="https://harbor.example/service/token",service="harbor-registry",scope="repository:p/app:pull,push""#,
             expected: [.init(scheme: "bearer", parameters: ["realm": "https://harbor.example/service/token", "service": "harbor-registry", "scope": "repository:p/app:pull,push"])]),
        // Harbor's answer when Authorization was sent.
        Case(header: #"Basic realm="harbor""#, expected: [.init(scheme: "basic", parameters: ["realm": "harbor"])]),
        // Scheme and parameter names are case-insensitive; values keep their case.
        Case(header: #"BEARER Realm="R", SERVICE=Svc"#, expected: [.init(scheme: "bearer", parameters: ["realm": "R", "service": "Svc"])]),
        // Spaces around "=" and after commas (BWS, OWS).
        Case(header: #"Bearer realm = "r" ,  service= "s""#, expected: [.init(scheme: "bearer", parameters: ["realm": "r", "service": "s"])]),
        // Escapes and commas inside quoted strings.
        Case(header: #"Bearer realm="a\"b\\c", scope="x,y""#, expected: [.init(scheme: "bearer", parameters: ["realm": #"a"b\c"#, "scope": "x,y"])]),
        // Several challenges in one header.
        Case(header: #"Basic realm="a", Bearer realm="b",service="c""#,
             expected: [.init(scheme: "basic", parameters: ["realm": "a"]), .init(scheme: "bearer", parameters: ["realm": "b", "service": "c"])]),
        Case(header: #"Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple""#,
             expected: [.init(scheme: "newauth", parameters: ["realm": "apps", "type": "1", "title": #"Login to "apps""#]), .init(scheme: "basic", parameters: ["realm": "simple"])]),
        // A scheme alone, and token68.
        Case(header: "Negotiate", expected: [.init(scheme: "negotiate")]),
        Case(header: "Negotiate abc/+def==, Basic realm=\"x\"", expected: [.init(scheme: "negotiate", token68: "abc/+def=="), .init(scheme: "basic", parameters: ["realm": "x"])]),
        // An empty quoted value is a value.
        Case(header: #"Bearer realm="", service="s""#, expected: [.init(scheme: "bearer", parameters: ["realm": "", "service": "s"])]),
        // Leading and doubled commas are empty list elements (RFC 9110 §5.6.1).
        Case(header: #", Basic realm="a",, Bearer realm="b""#, expected: [.init(scheme: "basic", parameters: ["realm": "a"]), .init(scheme: "bearer", parameters: ["realm": "b"])]),
    ]

    @Test(arguments: wellFormed)
    func parses(_ example: Case) throws {
        #expect(try AuthenticationChallenge.parse(example.header) == example.expected)
    }

    static let malformed: [String] = [
        #"Bearer realm="unterminated"#,
        #"Bearer realm="x", service="#,
        #"Bearer realm="x" service="y""#,
        #"Bearer realm="x", scope=@bad"#,
        #"="x""#,
        #"Bearer realm="x", realm="y""#,
        "Bearer realm=\"a\u{01}b\"",
        #"Bearer realm="x\"#,
        "@",
    ]

    @Test(arguments: malformed)
    func refuses(_ header: String) {
        #expect(throws: ChallengeSyntaxError.self) { try AuthenticationChallenge.parse(header) }
    }

    @Test func errorSaysWhere() {
        do {
            _ = try AuthenticationChallenge.parse(#"Bearer realm="open"#)
            Issue.record("parsed an unterminated quoted string")
        } catch {
            #expect(error.offset == 13)
            #expect(error.description.contains("not closed"))
        }
    }
}
