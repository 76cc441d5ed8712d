import Foundation

/// Harbor's security-context generators, reduced to what an OIDC-mode Harbor does for
/// Basic credentials and registry tokens (goharbor/harbor v2.7.0, src/server/middleware/security:
/// security.go, oidc_cli.go, robot.go, v2_token.go; src/pkg/oidc/secret.go).
package struct Authenticator: Sendable {
    let state: SandboxState
    let signer: JWTSigner

    /// What the `Authorization` header holds.
    enum Credentials: Sendable {
        case none
        case basic(username: String, password: String)
        case bearer(String)
        case other
    }

    static func parse(authorization: String?) -> Credentials {
        guard let authorization, !authorization.isEmpty else { return .none }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { return .other }
        switch parts[0].lowercased() {
        case "basic":
            guard let data = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
                let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":")
            else { return .other }
            return .basic(username: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
        case "bearer":
            return .bearer(String(parts[1]).trimmingCharacters(in: .whitespaces))
        default:
            return .other
        }
    }

    /// The `oidcCli` generator's `valid()` (goharbor/harbor v2.7.0 and v2.8.0,
    /// src/server/middleware/security/oidc_cli.go): ChartMuseum's `/chartrepo` paths are on it up
    /// to 2.7 only (2.8.0 removed ChartMuseum); the list is otherwise the same through v2.15.2.
    /// The path is compared after a trailing `/` is removed.
    package static func cliSecretAllowed(method: String, path: String, harborMinorVersion: Int = 7) -> Bool {
        var path = path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        if path == "/service/token" { return true }
        if path == "/v2" || path.hasPrefix("/v2/") { return true }
        if harborMinorVersion < 8 && (path.hasPrefix("/chartrepo") || path.hasPrefix("/api/chartrepo")) { return true }
        switch method {
        case "POST":
            return path == "/api/v2.0/projects"
        case "GET":
            if ["/api/v2.0/projects", "/api/v2.0/systeminfo", "/api/version", "/api/v2.0/labels"].contains(path) { return true }
            return path.range(of: "^/api/v2.0/projects/.*/repositories$", options: .regularExpression) != nil
                || path.range(of: "^/api/v2.0/projects/.*/repositories/.*/artifacts$", options: .regularExpression) != nil
        case "DELETE":
            return path.range(of: "^/api/v2.0/projects/.*/repositories/.*/artifacts/.*/tags/.*$", options: .regularExpression) != nil
        default:
            return false
        }
    }

    /// Runs the generator chain for one request. Anything that fails falls through to anonymous,
    /// as in Harbor: wrong secret, unknown user, expired session, CLI secret on a path not allowed.
    func securityContext(method: String, path: String, credentials: Credentials) -> SecurityContext {
        switch credentials {
        case .none, .other:
            return .anonymous
        case .bearer(let token):
            // Harbor's v2Token generator only looks at registry paths; elsewhere a Bearer would have to be
            // an OIDC ID token, which the sandbox does not issue.
            guard path == "/v2" || path.hasPrefix("/v2/") else { return .anonymous }
            guard let claims = try? signer.verify(token, issuer: TokenIssuer.issuer, audience: TokenIssuer.service) else {
                return .anonymous
            }
            // 2.15 (and 2.14.4): a token issued before its project was created is not used, so that
            // a token of a deleted project grants nothing in one created again under its name; 60 s
            // of leeway (goharbor/harbor v2.15.0, src/server/middleware/security/v2_token.go
            // `tokenIssuedAfterProjectCreation`; src/common/const.go `JwtLeeway`). Blob mounts' source
            // projects are checked there too; the sandbox checks the project the path names.
            if state.harborMinorVersion >= 15, let project = Self.projectName(registryPath: path),
                let record = state.project(named: project),
                Date(timeIntervalSince1970: TimeInterval(claims.issuedAt) + 60) < record.creationTime
            {
                return .anonymous
            }
            return .registryToken(claims)
        case .basic(let username, let password):
            let prefixes = state.robotPrefixes
            let robotNamed = prefixes.contains(where: { username.hasPrefix($0) })
            // 2.7 tries the CLI secret first for every name; 2.8 and later skip it for names with the
            // robot prefix (goharbor/harbor v2.8.0, oidc_cli.go: `strings.HasPrefix(username,
            // config.RobotPrefix(ctx))`), so with an empty prefix no user's CLI secret works.
            if state.harborMinorVersion < 8, robotNamed, let user = cliSecretUser(method: method, path: path, username, password) {
                return .user(user)
            }
            if robotNamed {
                // The robot generator has no path restriction (goharbor/harbor v2.7.0,
                // src/server/middleware/security/robot.go).
                let robot = state.withContents { $0.robots[username] }
                guard let robot, !robot.disabled, constantTimeEquals(robot.secret, password) else { return .anonymous }
                return .robot(robot, nameProject: robot.projectOfName(prefixes: prefixes))
            }
            return cliSecretUser(method: method, path: path, username, password).map { .user($0) } ?? .anonymous
        }
    }

    /// The user whose CLI secret this is, where the path allows one.
    private func cliSecretUser(method: String, path: String, _ username: String, _ password: String) -> Fixture.User? {
        guard Authenticator.cliSecretAllowed(method: method, path: path, harborMinorVersion: state.harborMinorVersion) else { return nil }
        let user = state.withContents { $0.users[username] }
        // An expired OIDC session looks exactly like a wrong secret (goharbor/harbor v2.7.0,
        // src/pkg/oidc/secret.go).
        guard let user, !user.expired, constantTimeEquals(user.secret, password) else { return nil }
        return user
    }

    /// The project a registry path names: `/v2/PKEY/REPO/...` → PKEY; nil for `/v2/` and `_catalog`.
    static func projectName(registryPath path: String) -> String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count >= 3, parts[0] == "v2", !parts[1].hasPrefix("_") else { return nil }
        return String(parts[1])
    }
}

func constantTimeEquals(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    var difference = UInt8(x.count == y.count ? 0 : 1)
    for index in 0..<min(x.count, y.count) { difference |= x[index] ^ y[index] }
    return difference == 0
}
