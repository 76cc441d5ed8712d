import HarborRegistry
import Testing

/// Findings of the `challenge` fuzzer (Fuzz/Targets/ChallengeFuzz.swift).
struct ChallengeFuzzFindingTests {
    /// `realm="a\<NUL>"` was accepted and unescaped to a bare control character, which the
    /// same parser rejects when written back. RFC 9110 §5.6.4: quoted-pair = "\" ( HTAB / SP /
    /// VCHAR / obs-text ).
    @Test("an escaped control character is still a control character", arguments: ["\u{0}", "\n", "\r", "\u{1F}", "\u{7F}"])
    func escapedControlCharacter(_ control: String) {
        let error = #expect(throws: ChallengeSyntaxError.self) {
            try AuthenticationChallenge.parse("Bearer realm=\"a\\\(control)b\"")
        }
        #expect(error?.reason == "control character in a quoted string")
        #expect(error?.offset == 16)
    }

    @Test("an escaped tab, space or visible character is unescaped")
    func escapedAllowedCharacters() throws {
        let challenges = try AuthenticationChallenge.parse("Bearer realm=\"a\\\tb\\ c\\x\\é\"")
        #expect(challenges == [AuthenticationChallenge(scheme: "bearer", parameters: ["realm": "a\tb cxé"])])
    }
}
