import Testing

import HarborRegistry

/// The plain-HTTP fallback's rewrite and the `http://` a user typed for a loopback instance.
@Suite("Loopback plain HTTP")
struct LoopbackPlainHTTPFallbackTests {
    @Test("https URLs become http on the port the TLS attempt used", arguments: [
        ("https://127.0.0.1:5000/v2/a/b/blobs/uploads/?mount=x", "http://127.0.0.1:5000/v2/a/b/blobs/uploads/?mount=x"),
        ("https://localhost/v2/", "http://localhost:443/v2/"),
        ("https://[::1]:8080/api/v2.0/projects", "http://[::1]:8080/api/v2.0/projects"),
        ("https://[::1]?q=1", "http://[::1]:443?q=1"),
        ("http://127.0.0.1:5000/v2/", "http://127.0.0.1:5000/v2/"),
    ])
    func rewrite(_ url: String, _ expected: String) {
        #expect(LoopbackPlainHTTPFallback.plain(HTTPRequest(url: url)).url == expected)
    }

    @Test("after startPlain a loopback server is asked over http:// at once; other hosts keep TLS")
    func startPlain() async throws {
        let bottom = ScriptedTransport([{ ScriptedTransport.answer($0, 200) }])
        let fallback = LoopbackPlainHTTPFallback(inner: bottom)
        fallback.startPlain(for: "https://127.0.0.1:5000")
        fallback.startPlain(for: "https://registry.example.com")
        _ = try await fallback.send(HTTPRequest(url: "https://127.0.0.1:5000/v2/"))
        _ = try await fallback.send(HTTPRequest(url: "https://registry.example.com/v2/"))
        #expect(bottom.sent.map(\.url) == ["http://127.0.0.1:5000/v2/", "https://registry.example.com/v2/"])
        #expect(fallback.usesPlainHTTP(for: "https://127.0.0.1:5000/api/v2.0/projects"))
        #expect(!fallback.usesPlainHTTP(for: "https://127.0.0.1:5001/v2/"))
    }
}
