/// The session's client (its trust, timeouts, HTTP/1.1) as the bottom of an `HTTPTransport`
/// stack, for code written against the new seam while commands still open an `HTTPSession`.
extension HTTPSession {
    public var transport: any HTTPTransport { AsyncHTTPClientTransport(client: client) }

    /// What a failed request means to a user (refused, unknown host, TLS, timeout, broken off).
    public static func transportError(_ error: any Error, url: String, seconds: Int) -> TransportError {
        classify(error, host: hostAndPort(of: url), seconds: seconds)
    }
}

extension BasicCredentials {
    /// `Basic base64(username:secret)`, for transports that add it to requests.
    public var basicAuthorizationHeader: String { authorizationHeader }
}
