// libFuzzer harness for proxy settings (HarborRegistry: Transport/ProxySelection.swift,
// ProxyServer.swift, IPAddress.swift; none imports NIO). Fuzz/run.sh compiles them with this
// file as one module, linked against a sanitized HarborCore.
//
// The input is up to four lines: an HTTPS_PROXY value, a NO_PROXY value, a host and a port.
// Properties:
// - Parsing the proxy URL and NO_PROXY, and deciding for a host, never crash.
// - A proxy that parses is shown (`description`) without its user info, and what is shown
//   parses back to the same host and port.
// - A rejected proxy URL does not repeat the password of its user info in the reason.
// - Loopback (`localhost`, 127.0.0.0/8, ::1) never goes through a proxy; NO_PROXY `*`
//   bypasses every host; a host named in NO_PROXY as it is written bypasses the proxy.
//
// The rules follow Go's net/http ProxyFromEnvironment (golang.org/x/net/http/httpproxy,
// proxy.go, v0.38.0), which docker and Helm use.

import HarborCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    var lines = text.split(separator: "\n", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
    while lines.count < 4 { lines.append("") }
    let (proxyValue, noProxy, host) = (lines[0], lines[1], lines[2])
    let port = Int(lines[3].prefix(6)).map { max(1, min($0, 65535)) } ?? 443

    // The password as the URL writes it: between the first ':' of the user info and its last '@'.
    // Only checked when it does not also occur elsewhere in the value (as written or lowercased),
    // which messages may show.
    var password: Substring = ""
    if let scheme = proxyValue.range(of: "://") ?? Optional(proxyValue.startIndex..<proxyValue.startIndex) {
        var authority = proxyValue[scheme.upperBound...]
        if let end = authority.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { authority = authority[..<end] }
        if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
            password = authority[authority.index(after: colon)..<at]
            let elsewhere = String(proxyValue[..<password.startIndex]) + "\u{0}" + String(proxyValue[password.endIndex...])
            // A rejected scheme is quoted lowercased: the password may occur in that quotation.
            if has(elsewhere, password) || has(elsewhere.lowercased(), password) { password = "" }
        }
    }

    do {
        let server = try ProxyServer.parse(proxyValue, variable: "HTTPS_PROXY")
        let shown = server.description
        require(!shown.contains("@"), "\(shown.debugDescription) shows user info, from \(proxyValue.debugDescription)")
        do {
            let again = try ProxyServer.parse(shown, variable: "HTTPS_PROXY")
            require(again.host == server.host && again.port == server.port, "\(proxyValue.debugDescription) is shown as \(shown.debugDescription), which reads \(again.host) \(again.port)")
        } catch {
            fatalError("\(proxyValue.debugDescription) is shown as \(shown.debugDescription), which does not parse: \(error)")
        }
    } catch {
        require(password.count < 4 || !has(error.description, password), "the error shows the password: \(error.description.debugDescription), from \(proxyValue.debugDescription)")
    }

    let selection = ProxySelection(httpProxy: ("HTTP_PROXY", proxyValue), httpsProxy: ("HTTPS_PROXY", proxyValue), noProxy: noProxy)
    _ = try? selection.proxy(scheme: "https", host: host, port: port)
    _ = try? selection.proxy(scheme: "http", host: host, port: port)
    for loopback in ["localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "[::1]"] {
        require(!selection.usesProxy(host: loopback, port: port), "\(loopback) goes through a proxy with NO_PROXY \(noProxy.debugDescription)")
    }
    let entries = noProxy.split(separator: ",").map { String($0).trimmingWhitespace().lowercased() }
    let uses = selection.usesProxy(host: host, port: port)
    if entries.contains("*") {
        require(!uses, "NO_PROXY \(noProxy.debugDescription) has '*' but \(host.debugDescription) goes through the proxy")
    }
    let plainHost = host.lowercased().trimmingWhitespace()
    if !plainHost.isEmpty, !plainHost.contains(where: { ":/,[]".contains($0) }), entries.contains(plainHost) {
        require(!uses, "NO_PROXY \(noProxy.debugDescription) names \(host.debugDescription) but it goes through the proxy")
    }
    return 0
}

/// `precondition` that keeps its message in an -O build (the fuzzers are built with -O).
func require(_ condition: Bool, _ message: @autoclosure () -> String = "", file: StaticString = #file, line: UInt = #line) {
    if !condition { fatalError(message(), file: file, line: line) }
}

/// Substring search on the bytes (Foundation's `contains` stops at a NUL).
func has(_ text: String, _ part: Substring) -> Bool {
    let haystack = Array(text.utf8), needle = Array(part.utf8)
    guard !needle.isEmpty, needle.count <= haystack.count else { return needle.isEmpty }
    for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
    return false
}
