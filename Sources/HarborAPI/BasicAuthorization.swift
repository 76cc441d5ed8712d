import Foundation
import HarborRegistry
import NIOHTTP1

/// Adds `Authorization: Basic …` to requests for one host, and to no other: Harbor accepts a
/// CLI secret on `/api/v2.0` only as Basic (harbor-api.md §1; goharbor/harbor
/// src/server/middleware/security/oidc_cli.go, v2.7.0).
///
/// A layer of its own so that the transport stack's auth layer can take its place.
public struct BasicAuthorization: HTTPTransport {
    let next: any HTTPTransport
    let baseURLs: [String]
    let header: String

    /// `baseURL` is the instance's `scheme://host[:port]`; only requests below it get the header.
    public init(_ credentials: BasicCredentials, baseURL: String, over next: any HTTPTransport) {
        self.init(credentials, baseURLs: [baseURL], over: next)
    }

    /// For a loopback instance that may speak HTTPS or plain HTTP: both its base URLs.
    public init(_ credentials: BasicCredentials, baseURLs: [String], over next: any HTTPTransport) {
        self.next = next
        self.baseURLs = baseURLs
        self.header = "Basic " + Data("\(credentials.username):\(credentials.revealSecret())".utf8).base64EncodedString()
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var request = request
        if baseURLs.contains(where: { request.url == $0 || request.url.hasPrefix($0 + "/") }) {
            request.headers.replaceOrAdd(name: "Authorization", value: header)
        }
        return try await next.send(request)
    }
}
