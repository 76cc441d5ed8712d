import Foundation
import Hummingbird

/// Test switches that send a client to another server, so tests can check that credentials stay
/// with the server they belong to (`harbor-sandbox --elsewhere URL …`):
///
/// - `redirectPrefixes`: a request whose path starts with one of them is answered
///   `307 Temporary Redirect` to the same path and query at `elsewhere`. Real registries do this
///   for blob downloads: distribution hands a blob GET to the storage backend's signed URL with a
///   307 (distribution/distribution v2.8 registry/storage/blobserver.go, `ServeBlob`), which
///   Harbor passes through unless `storage_service.redirect.disable` is set (goharbor/harbor
///   v2.7.0 make/harbor.yml.tmpl); a load balancer or reverse proxy in front of Harbor can do the
///   same for any path.
/// - `foreignRealm`: Bearer challenges name `elsewhere + /service/token` as the token realm.
///   Harbor builds the realm from its external URL (goharbor/harbor v2.7.0
///   src/server/middleware/v2auth/auth.go, `getChallenge`), so a Harbor whose `hostname` /
///   `ext_endpoint` is not the name users reach it by sends clients to another host for tokens.
///
/// The server at `elsewhere` is the test's own listener: it records what arrived there.
public struct CrossHostSwitches: Sendable, Equatable {
    /// `http://HOST:PORT` of the other server.
    public var elsewhere: String
    public var redirectPrefixes: [String]
    public var foreignRealm: Bool

    public init(elsewhere: String, redirectPrefixes: [String] = [], foreignRealm: Bool = false) {
        var base = elsewhere
        while base.hasSuffix("/") { base.removeLast() }
        self.elsewhere = base
        self.redirectPrefixes = redirectPrefixes
        self.foreignRealm = foreignRealm
    }

    /// Checks what `harbor-sandbox` was given.
    public func validate() throws {
        guard let url = URL(string: elsewhere), ["http", "https"].contains(url.scheme ?? ""), url.host != nil,
              url.path.isEmpty, url.query == nil else {
            throw FixtureError("--elsewhere \(elsewhere) must be a base URL, http://HOST:PORT")
        }
        for prefix in redirectPrefixes where !prefix.hasPrefix("/") || prefix.hasPrefix("/__sandbox") {
            throw FixtureError("--redirect-elsewhere \(prefix) must be a path starting with / (not /__sandbox)")
        }
    }

    /// The 307 for a request that is redirected elsewhere; nil for any other.
    func redirect(path: String, rawPath: String, rawQuery: String?) -> Response? {
        guard redirectPrefixes.contains(where: { path.hasPrefix($0) }) else { return nil }
        let location = elsewhere + rawPath + (rawQuery.map { "?\($0)" } ?? "")
        return Response(status: .temporaryRedirect, headers: [.location: location, .contentLength: "0"])
    }

    /// The token realm challenges name: `ownRealm`, or elsewhere's with `foreignRealm`.
    func realm(own ownRealm: String) -> String {
        foreignRealm ? elsewhere + "/service/token" : ownRealm
    }
}
