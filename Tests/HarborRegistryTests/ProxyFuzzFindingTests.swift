import HarborCore
import HarborRegistry
import Testing

/// Findings of the `proxy` fuzzer (Fuzz/Targets/ProxyFuzz.swift).
struct ProxyFuzzFindingTests {
    /// inet_pton reads a C string, so "::\0junk" was taken for the address "::".
    @Test("an address with a NUL in it is not an address", arguments: ["::\u{0}junk", "10.0.0.1\u{0}", "[::1\u{0}x]"])
    func nulIsNotAnAddress(_ text: String) {
        #expect(IPAddress(text) == nil)
    }

    /// `proxy::1],x` was accepted as the host name `proxy::1],x` and shown as `http://[proxy::1],x]:80`,
    /// which names another proxy (`proxy::1`).
    @Test("a proxy host that is neither a name nor an IP address is refused", arguments: [
        "proxy::1],::ffff:127.0.0.1", "http://a]b:3128", "http://pro xy:3128", "http://::\u{0}.e8p]\u{0}:4",
    ])
    func malformedHost(_ value: String) {
        #expect(throws: ProxyConfigurationError.self) { try ProxyServer.parse(value, variable: "HTTPS_PROXY") }
    }

    /// `h\u{06DD}@tp`: U+06DD (a prepended concatenation mark) joins the '@' after it into one
    /// Character, so a search by Characters found no '@': the user info stayed in the host and was
    /// shown (`http://h۝@tp:80`). Delimiters are now found by Unicode scalars, as Go finds bytes.
    @Test("a delimiter behind a prepended mark still delimits", arguments: [
        ("h\u{06DD}@tp", "http://tp:80"), ("http://alice\u{06DD}:s3cret\u{06DD}@proxy:3128", "http://proxy:3128"),
    ])
    func delimiterAfterPrependedMark(_ value: String, _ shown: String) throws {
        let proxy = try ProxyServer.parse(value, variable: "HTTPS_PROXY")
        #expect(proxy.description == shown)
        #expect(proxy.hasCredentials)
    }

    /// `U:4…@\u{030F}Ћ…2`: a host that starts with a combining mark (U+030F) was shown as
    /// `http://\u{030F}Ћ…2:80`, where the mark joins the '/' before it, so that what was shown did
    /// not read back as a URL. A host name is ASCII now; "://" is found by Unicode scalars.
    @Test("a host with a hidden '@' or ':', or one that is not ASCII, is refused", arguments: [
        "http://a\u{06DD}:b\u{06DD}:c", "http://x\u{06DD}@", "U:4\u{064B}@\u{030F}\u{040B}2", "http://pr\u{00F6}xy:3128",
        "http://\u{0301}proxy:3128",
    ])
    func hiddenDelimiterInHost(_ value: String) {
        #expect(throws: ProxyConfigurationError.self) { try ProxyServer.parse(value, variable: "HTTPS_PROXY") }
    }

    @Test("names and IP addresses are still proxies", arguments: [
        ("http://proxy.corp:3128", "http://proxy.corp:3128"), ("http://[2001:db8::1]:3128", "http://[2001:db8::1]:3128"),
        ("::1", "http://[::1]:80"), ("http://u:p@10.0.0.1:8080/", "http://10.0.0.1:8080"),
    ])
    func wellFormed(_ value: String, _ shown: String) throws {
        #expect(try ProxyServer.parse(value, variable: "HTTPS_PROXY").description == shown)
    }

    /// `HTTPS_PROXY=http://alice:s3cret` (the `@HOST:PORT` forgotten) read the password as a port
    /// and quoted it: "the port "s3cret" is not a number". Go's url.Parse says the same; we don't.
    @Test("a password in the port's place is not shown")
    func passwordInPortPlace() {
        do {
            _ = try ProxyServer.parse("http://alice:s3cret", variable: "HTTPS_PROXY")
            Issue.record("expected a ProxyConfigurationError")
        } catch {
            #expect(!"\(error)".contains("s3cret"), "\(error)")
            #expect("\(error)".contains("@HOST:PORT after it is missing"), "\(error)")
        }
        do {
            _ = try ProxyServer.parse("http://proxy:99999", variable: "HTTPS_PROXY")
            Issue.record("expected a ProxyConfigurationError")
        } catch {
            #expect("\(error)".contains("the port \"99999\""), "digits are shown: \(error)")
        }
    }

    /// NO_PROXY `\u{064B}` did not bypass the proxy for the host `\u{064B}`: the rule's ".\u{064B}"
    /// is one Character (the combining mark joins the dot), so neither the suffix nor the exact
    /// name matched. Rules are compared as bytes now, as Go compares them.
    @Test("a NO_PROXY name that starts with a combining mark still matches", arguments: [
        ("\u{064B}", "\u{064B}"), ("*.\u{064B}x", "a.\u{064B}x"), (".\u{0301}corp", "h.\u{0301}corp"),
    ])
    func combiningMarkInNoProxy(noProxy: String, host: String) {
        let selection = ProxySelection(environment: ProcessEnvironment(variables: ["HTTPS_PROXY": "http://proxy:3128", "NO_PROXY": noProxy], homeDirectory: "/"))
        #expect(!selection.usesProxy(host: host, port: 443))
        #expect(selection.usesProxy(host: "other.example", port: 443))
    }
}
