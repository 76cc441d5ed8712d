import HarborCore

/// Which proxy a request goes through, decided from the environment exactly as Go's
/// `http.ProxyFromEnvironment` does (golang.org/x/net/http/httpproxy, proxy.go), because that is
/// what docker and helm use and users expect the same answer from us:
/// - `HTTPS_PROXY` (else `https_proxy`) for https URLs, `HTTP_PROXY` (else `http_proxy`) for http
///   URLs; `HTTP_PROXY` is ignored when `REQUEST_METHOD` is set (CGI);
/// - `localhost` and loopback addresses are never proxied;
/// - `NO_PROXY` (else `no_proxy`): comma-separated; `*` matches everything; `1.2.3.4` and
///   `[::1]:port` match that address (and port); `10.0.0.0/8` matches addresses in the block;
///   `example.com` matches it and its subdomains, `.example.com` and `*.example.com` only
///   subdomains; any entry may end in `:port`.
public struct ProxySelection: Sendable {
    let httpProxy: Result<ProxyServer, ProxyConfigurationError>?
    let httpsProxy: Result<ProxyServer, ProxyConfigurationError>?
    let isCGI: Bool
    private let bypassAll: Bool
    private let ipRules: [IPRule]
    private let domainRules: [DomainRule]

    struct IPRule: Sendable {
        let address: IPAddress
        let prefixLength: Int?
        let port: String?
    }

    struct DomainRule: Sendable {
        /// Always starts with a dot.
        let suffix: String
        /// Also matches the name without the dot (the entry had no leading dot).
        let matchesExactName: Bool
        let port: String?

        /// Compared as bytes, as Go compares them: by Characters, a combining mark after the dot
        /// would join it (".\u{064B}" is one Character), and the name would never match.
        func matches(_ host: String) -> Bool {
            let name = Array(host.utf8), dotted = Array(suffix.utf8)
            if name.count >= dotted.count && name[(name.count - dotted.count)...].elementsEqual(dotted) { return true }
            return matchesExactName && name.elementsEqual(dotted.dropFirst())
        }
    }

    /// No proxy at all.
    public static let direct = ProxySelection(httpProxy: nil, httpsProxy: nil, noProxy: nil)

    public init(environment: ProcessEnvironment) {
        func first(_ names: String...) -> (String, String)? {
            for name in names { if let value = environment[name], !value.isEmpty { return (name, value) } }
            return nil
        }
        self.init(
            httpProxy: first("HTTP_PROXY", "http_proxy"), httpsProxy: first("HTTPS_PROXY", "https_proxy"),
            noProxy: first("NO_PROXY", "no_proxy")?.1, isCGI: environment["REQUEST_METHOD"].map { !$0.isEmpty } ?? false)
    }

    /// `httpProxy`/`httpsProxy`: the variable's name and value.
    init(httpProxy: (String, String)?, httpsProxy: (String, String)?, noProxy: String?, isCGI: Bool = false) {
        func parse(_ entry: (String, String)?) -> Result<ProxyServer, ProxyConfigurationError>? {
            guard let (name, value) = entry else { return nil }
            do { return .success(try ProxyServer.parse(value, variable: name)) } catch { return .failure(error) }
        }
        self.httpProxy = parse(httpProxy)
        self.httpsProxy = parse(httpsProxy)
        self.isCGI = isCGI
        var bypassAll = false
        var ipRules: [IPRule] = []
        var domainRules: [DomainRule] = []
        for raw in (noProxy ?? "").split(separator: ",") {
            let entry = String(raw).trimmingWhitespace().lowercased()
            if entry.isEmpty { continue }
            if entry == "*" { bypassAll = true; break }
            if let slash = entry.firstIndex(of: "/"), let address = IPAddress(String(entry[..<slash])),
               let length = Int(entry[entry.index(after: slash)...]), length >= 0, length <= address.bytes.count * 8 {
                ipRules.append(IPRule(address: address, prefixLength: length, port: nil))
                continue
            }
            var (host, port) = splitHostPort(entry)
            if host.isEmpty { continue }
            if let address = IPAddress(host) {
                ipRules.append(IPRule(address: address, prefixLength: nil, port: port))
                continue
            }
            // By bytes, as Go's strings.HasPrefix (see `DomainRule.matches`).
            if host.utf8.starts(with: "*.".utf8) { host = scalarString(host.unicodeScalars.dropFirst()) }
            let exact = host.utf8.first != UInt8(ascii: ".")
            if exact { host = "." + host }
            if port?.isEmpty == true { port = nil }
            domainRules.append(DomainRule(suffix: host, matchesExactName: exact, port: port))
        }
        self.bypassAll = bypassAll
        self.ipRules = ipRules
        self.domainRules = domainRules
    }

    /// The proxy for a request to `scheme://host:port`, nil to connect directly; throws when the
    /// variable that applies is unusable (rather than silently going direct, which would only
    /// time out behind a corporate firewall).
    public func proxy(scheme: String, host: String, port: Int) throws(ProxyConfigurationError) -> ProxyServer? {
        let chosen: Result<ProxyServer, ProxyConfigurationError>?
        switch scheme.lowercased() {
        case "https": chosen = httpsProxy
        case "http": chosen = isCGI ? nil : httpProxy
        default: chosen = nil
        }
        guard let chosen, usesProxy(host: host, port: port) else { return nil }
        return try chosen.get()
    }

    /// Whether `host:port` goes through a proxy when one is set (NO_PROXY and the loopback rule).
    public func usesProxy(host rawHost: String, port: Int) -> Bool {
        var host = rawHost.lowercased().trimmingWhitespace()
        if host.unicodeScalars.first == "[", host.unicodeScalars.last == "]", host.unicodeScalars.count >= 2 {
            host = scalarString(host.unicodeScalars.dropFirst().dropLast())
        }
        if host == "localhost" { return false }
        let address = IPAddress(host)
        if address?.isLoopback == true { return false }
        if bypassAll { return false }
        let portText = String(port)
        if let address {
            for rule in ipRules {
                if let length = rule.prefixLength {
                    if address.isIn(network: rule.address, prefixLength: length) { return false }
                } else if rule.address == address, rule.port == nil || rule.port == portText {
                    return false
                }
            }
        }
        for rule in domainRules where rule.matches(host) {
            if rule.port == nil || rule.port == portText { return false }
        }
        return true
    }
}
