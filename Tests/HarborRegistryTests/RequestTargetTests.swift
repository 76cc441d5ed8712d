import Testing

import HarborRegistry

/// Scheme, host and port as the transport sees them: what decides plain-HTTP refusal, proxies
/// and which server credentials belong to.
@Suite("Request targets")
struct RequestTargetTests {
    @Test(arguments: [
        ("https://registry-acme.devops.t-systems.net/v2/", "https", "registry-acme.devops.t-systems.net", 443, "registry-acme.devops.t-systems.net"),
        ("http://127.0.0.1:5000/v2/team/demo/blobs/uploads/?mount=x", "http", "127.0.0.1", 5000, "127.0.0.1:5000"),
        ("HTTPS://Registry.Example.COM:443/api/v2.0/projects", "https", "registry.example.com", 443, "registry.example.com"),
        ("https://user:pa%40ss@harbor.example.com:8443?x=1", "https", "harbor.example.com", 8443, "harbor.example.com:8443"),
        ("http://[::1]:8080/v2/", "http", "::1", 8080, "[::1]:8080"),
        ("https://[fe80::1]/v2/", "https", "fe80::1", 443, "[fe80::1]"),
        ("http://localhost#frag", "http", "localhost", 80, "localhost"),
    ])
    func splits(_ url: String, _ scheme: String, _ host: String, _ port: Int, _ shown: String) throws {
        let target = try #require(RequestTarget.of(url))
        #expect(target.scheme == scheme)
        #expect(target.host == host)
        #expect(target.port == port)
        #expect(target.hostAndPort == shown)
    }

    @Test(arguments: ["ftp://example.com/", "example.com/v2/", "https:///v2/", "https://host:0/", "https://host:99999/", "https://host:８０/", "http://[::1/", "https://[::1]x/"])
    func refuses(_ url: String) {
        #expect(RequestTarget.of(url) == nil)
    }

    @Test func loopback() {
        #expect(RequestTarget.of("http://LOCALHOST:1/")?.isLoopback == true)
        #expect(RequestTarget.of("http://127.0.0.2/")?.isLoopback == true)
        #expect(RequestTarget.of("http://[::1]/")?.isLoopback == true)
        #expect(RequestTarget.of("http://10.0.0.1/")?.isLoopback == false)
    }
}
