/// An HTTP proxy taken from the environment: where it is and, when its URL says so, the
/// credentials it wants. `description` never shows the credentials.
public struct ProxyServer: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let host: String
    public let port: Int
    /// From `http://USER:PASSWORD@proxy:3128`; sent only to the proxy, in the CONNECT request.
    let username: String?
    let password: String?

    public init(host: String, port: Int, username: String? = nil, password: String? = nil) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
    }

    /// `http://proxy:3128`, without credentials: what messages show.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "http://\(shownHost):\(port)"
    }

    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["url": description]) }

    public var hasCredentials: Bool { username != nil }

    /// Parses a `HTTPS_PROXY` value: a URL or `host[:port]` (then `http://` is assumed, as Go does).
    /// Only `http://` proxies are supported; HTTPS requests go through them with CONNECT.
    public static func parse(_ value: String, variable: String) throws(ProxyConfigurationError) -> ProxyServer {
        // Split by Unicode scalars, as Go splits bytes: a Character can hide a delimiter, since a
        // prepended mark such as U+06DD joins the '@' after it, and a combining mark the '/' before
        // it, into one grapheme.
        var text = Array(value.trimmingWhitespace().unicodeScalars)
        let separator: [Unicode.Scalar] = [":", "/", "/"]
        var schemeEnd = text.indices.first { text[$0...].starts(with: separator) }
        if schemeEnd == nil {
            text = Array("http://".unicodeScalars) + text
            schemeEnd = 4
        }
        guard let schemeEnd else { throw ProxyConfigurationError(variable: variable, reason: "not a URL") }
        let scheme = scalarString(text[..<schemeEnd]).lowercased()
        guard scheme == "http" else {
            throw ProxyConfigurationError(variable: variable, reason: "\(scheme):// proxies are not supported; use an http:// proxy (HTTPS goes through it with CONNECT)")
        }
        var authority = Array(text[(schemeEnd + 3)...])
        if let slash = authority.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { authority = Array(authority[..<slash]) }
        var username: String?
        var password: String?
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            authority = Array(authority[(at + 1)...])
            if let colon = userInfo.firstIndex(of: ":") {
                username = percentDecoded(Substring(scalarString(userInfo[..<colon])))
                password = percentDecoded(Substring(scalarString(userInfo[(colon + 1)...])))
            } else {
                username = percentDecoded(Substring(scalarString(userInfo)))
                password = ""
            }
        }
        let (host, portText) = splitHostPort(scalarString(authority))
        guard !host.isEmpty else { throw ProxyConfigurationError(variable: variable, reason: "no host name") }
        // A name, or an IP address (IPv6 in brackets, or bare when the whole authority is one):
        // `proxy::1],x` is neither, and would be shown as a different proxy than the one used. A
        // name is ASCII (an internationalised one is written in its xn-- form, as DNS has it).
        let hostScalars = host.unicodeScalars
        let isHost = hostScalars.contains(":")
            ? IPAddress(host) != nil
            : hostScalars.allSatisfy { $0.isASCII && $0.value > 0x20 && $0.value != 0x7F && !"[]<>\"{}|\\^`,@:".unicodeScalars.contains($0) }
        guard isHost else { throw ProxyConfigurationError(variable: variable, reason: "\"\(host)\" is not a host name or IP address") }
        var port = 80
        if let portText {
            guard let parsed = Int(portText), (1...65535).contains(parsed) else {
                // Digits are shown; anything else is not: `http://user:secret` with the `@HOST`
                // forgotten puts the password here.
                let shown = portText.allSatisfy(\.isASCII) && portText.allSatisfy(\.isNumber) ? " \"\(portText)\"" : ""
                throw ProxyConfigurationError(
                    variable: variable,
                    reason: "the port\(shown) after \"\(host):\" is not a number from 1 to 65535"
                        + (shown.isEmpty ? " (not shown: if it is USER:PASSWORD, the @HOST:PORT after it is missing)" : ""))
            }
            port = parsed
        }
        return ProxyServer(host: host, port: port, username: username, password: password)
    }

    static func percentDecoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var index = text.utf8.startIndex
        let utf8 = text.utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%"),
               let first = utf8.index(index, offsetBy: 1, limitedBy: utf8.endIndex), first < utf8.endIndex,
               let second = utf8.index(index, offsetBy: 2, limitedBy: utf8.endIndex), second < utf8.endIndex,
               let value = UInt8(String(decoding: [utf8[first], utf8[second]], as: UTF8.self), radix: 16) {
                bytes.append(value)
                index = utf8.index(after: second)
            } else {
                bytes.append(byte)
                index = utf8.index(after: index)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A proxy variable that cannot be used. Names the variable, never its value (it may hold a password).
public struct ProxyConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let variable: String
    public let reason: String
    public var description: String { "the proxy in \(variable) cannot be used: \(reason)" }
}

/// `host` and `port` of `host:port`, `[v6]:port`, `host` or `[v6]`.
func splitHostPort(_ authority: String) -> (host: String, port: String?) {
    // By Unicode scalars (see `ProxyServer.parse`).
    let scalars = Array(authority.unicodeScalars)
    if scalars.first == "[", let close = scalars.firstIndex(of: "]") {
        let rest = scalars[(close + 1)...]
        return (scalarString(scalars[1..<close]), rest.first == ":" ? scalarString(rest.dropFirst()) : nil)
    }
    let colons = scalars.filter { $0 == ":" }.count
    if colons == 1, let colon = scalars.firstIndex(of: ":") {
        return (scalarString(scalars[..<colon]), scalarString(scalars[(colon + 1)...]))
    }
    return (authority, nil)
}

/// A String of these Unicode scalars.
func scalarString(_ scalars: some Sequence<Unicode.Scalar>) -> String {
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars)
    return String(view)
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
