import HarborCore
import HarborRegistry
import Testing

/// Proxy choice as Go's `httpproxy.Config.ProxyFunc` makes it (golang.org/x/net/http/httpproxy,
/// proxy_test.go covers the same rules): the answers docker and helm would give.
struct ProxySelectionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let environment: [String: String]
        let url: (scheme: String, host: String, port: Int)
        /// The proxy's description, or nil for a direct connection.
        let expected: String?
        var testDescription: String { "\(url.scheme)://\(url.host):\(url.port) with \(environment.keys.sorted())" }
    }

    static let proxy = ["HTTPS_PROXY": "http://proxy.corp:3128"]

    static let cases: [Case] = [
        Case(environment: [:], url: ("https", "harbor.corp", 443), expected: nil),
        Case(environment: proxy, url: ("https", "harbor.corp", 443), expected: "http://proxy.corp:3128"),
        // Lower case works, and upper case wins when both are set.
        Case(environment: ["https_proxy": "lower:8080"], url: ("https", "harbor.corp", 443), expected: "http://lower:8080"),
        Case(environment: ["HTTPS_PROXY": "upper:1", "https_proxy": "lower:2"], url: ("https", "h", 443), expected: "http://upper:1"),
        // HTTP_PROXY is for http URLs only, HTTPS_PROXY for https only.
        Case(environment: ["HTTP_PROXY": "p:1"], url: ("https", "harbor.corp", 443), expected: nil),
        Case(environment: ["HTTP_PROXY": "p:1"], url: ("http", "harbor.corp", 80), expected: "http://p:1"),
        // ... and HTTP_PROXY not at all under CGI.
        Case(environment: ["HTTP_PROXY": "p:1", "REQUEST_METHOD": "GET"], url: ("http", "harbor.corp", 80), expected: nil),
        // No port: 80, as Go assumes for http://.
        Case(environment: ["HTTPS_PROXY": "proxy.corp"], url: ("https", "h", 443), expected: "http://proxy.corp:80"),
        // Loopback and localhost never go through a proxy.
        Case(environment: proxy, url: ("https", "localhost", 5000), expected: nil),
        Case(environment: proxy, url: ("https", "127.0.0.1", 5000), expected: nil),
        Case(environment: proxy, url: ("https", "127.8.9.10", 443), expected: nil),
        Case(environment: proxy, url: ("https", "::1", 443), expected: nil),
        // NO_PROXY: a domain matches itself and its subdomains.
        Case(environment: proxy.merging(["NO_PROXY": "corp"]) { $1 }, url: ("https", "harbor.corp", 443), expected: nil),
        Case(environment: proxy.merging(["NO_PROXY": "harbor.corp"]) { $1 }, url: ("https", "harbor.corp", 443), expected: nil),
        Case(environment: proxy.merging(["NO_PROXY": "harbor.corp"]) { $1 }, url: ("https", "x.harbor.corp", 443), expected: nil),
        Case(environment: proxy.merging(["NO_PROXY": "arbor.corp"]) { $1 }, url: ("https", "harbor.corp", 443), expected: "http://proxy.corp:3128"),
        // A leading dot or "*." matches subdomains only.
        Case(environment: proxy.merging(["NO_PROXY": ".harbor.corp"]) { $1 }, url: ("https", "harbor.corp", 443), expected: "http://proxy.corp:3128"),
        Case(environment: proxy.merging(["NO_PROXY": ".harbor.corp"]) { $1 }, url: ("https", "a.harbor.corp", 443), expected: nil),
        Case(environment: proxy.merging(["NO_PROXY": "*.harbor.corp"]) { $1 }, url: ("https", "harbor.corp", 443), expected: "http://proxy.corp:3128"),
        Case(environment: proxy.merging(["NO_PROXY": "*.harbor.corp"]) { $1 }, url: ("https", "a.harbor.corp", 443), expected: nil),
        // Ports.
        Case(environment: proxy.merging(["NO_PROXY": "harbor.corp:8443"]) { $1 }, url: ("https", "harbor.corp", 443), expected: "http://proxy.corp:3128"),
        Case(environment: proxy.merging(["NO_PROXY": "harbor.corp:8443"]) { $1 }, url: ("https", "harbor.corp", 8443), expected: nil),
        // "*" switches the proxy off.
        Case(environment: proxy.merging(["NO_PROXY": "*"]) { $1 }, url: ("https", "anything", 443), expected: nil),
        // IPs and CIDRs match address literals only.
        Case(environment: proxy.merging(["NO_PROXY": "10.1.2.3"]) { $1 }, url: ("https", "10.1.2.3", 443), expected: nil),
        Case(environment: proxy.merging(["NO_PROXY": "10.1.2.3:444"]) { $1 }, url: ("https", "10.1.2.3", 443), expected: "http://proxy.corp:3128"),
        Case(environment: proxy.merging(["NO_PROXY": "10.0.0.0/8"]) { $1 }, url: ("https", "10.200.0.1", 443), expected: nil),
        Case(environment: proxy.merging(["NO_PROXY": "10.0.0.0/8"]) { $1 }, url: ("https", "11.0.0.1", 443), expected: "http://proxy.corp:3128"),
        Case(environment: proxy.merging(["NO_PROXY": "2001:db8::/32"]) { $1 }, url: ("https", "2001:db8::5", 443), expected: nil),
        Case(environment: proxy.merging(["NO_PROXY": "[2001:db8::5]:443"]) { $1 }, url: ("https", "2001:db8::5", 443), expected: nil),
        // Lists with spaces, case and empty entries; lower-case no_proxy.
        Case(environment: proxy.merging(["no_proxy": " other.example , ,HARBOR.CORP "]) { $1 }, url: ("https", "harbor.corp", 443), expected: nil),
    ]

    @Test(arguments: cases)
    func choosesLikeGo(_ example: Case) throws {
        let selection = ProxySelection(environment: ProcessEnvironment(variables: example.environment, homeDirectory: "/nonexistent"))
        let chosen = try selection.proxy(scheme: example.url.scheme, host: example.url.host, port: example.url.port)
        #expect(chosen?.description == example.expected)
    }

    @Test func credentialsAreParsedAndNeverShown() throws {
        let selection = ProxySelection(environment: ProcessEnvironment(variables: ["HTTPS_PROXY": "http://us%40er:p%3Ass@proxy.corp:3128/"], homeDirectory: "/"))
        let proxy = try #require(try selection.proxy(scheme: "https", host: "harbor.corp", port: 443))
        #expect(proxy == ProxyServer(host: "proxy.corp", port: 3128, username: "us@er", password: "p:ss"))
        #expect(proxy.description == "http://proxy.corp:3128")
        for shown in ["\(proxy)", String(reflecting: proxy), String(describing: [proxy])] {
            #expect(!shown.contains("p:ss") && !shown.contains("p%3Ass"))
        }
    }

    @Test(arguments: ["socks5://proxy:1080", "https://proxy:443", "http://proxy:notaport", "http://user:secret@:3128"])
    func unusableProxyIsAnErrorNamingTheVariableNotTheValue(_ value: String) {
        let selection = ProxySelection(environment: ProcessEnvironment(variables: ["https_proxy": value], homeDirectory: "/"))
        do {
            _ = try selection.proxy(scheme: "https", host: "harbor.corp", port: 443)
            Issue.record("accepted \(value)")
        } catch {
            #expect(error.variable == "https_proxy")
            #expect(!error.description.contains("secret"))
        }
    }
}
