import AsyncHTTPClient
import Foundation
import HarborTestSupport
import Testing

/// Token service GET /service/token (goharbor/harbor v2.7.0, src/core/service/token/token.go,
/// creator.go).
@Suite("/service/token")
struct TokenServiceTests {
    @Test("only GET is implemented; POST → 405")
    func postIsNotAllowed() async throws {
        let sandbox = try await SharedSandbox.standard.get()
        let result = try await request(sandbox, .POST, "/service/token?service=harbor-registry", basic: ("alice", "Alice1234"))
        #expect(result.status == 405)
    }

    @Test("another service → 400 Unable to handle service")
    func unknownService() async throws {
        let sandbox = try await SharedSandbox.standard.get()
        let result = try await request(sandbox, .GET, "/service/token?service=other", basic: ("alice", "Alice1234"))
        #expect(result.status == 400)
        #expect(result.body == "Unable to handle service: other")
    }

    @Test("no scope + bad credentials (wrong, unknown, expired) → 401 with an empty body",
          arguments: [("alice", "nope"), ("ghost", "Ghost1234"), ("olga", "Olga12345")])
    func noScopeBadCredentials(user: String, secret: String) async throws {
        let sandbox = try await SharedSandbox.standard.get()
        let (result, _) = try await token(sandbox, scope: nil, basic: (user, secret))
        #expect(result.status == 401)
        #expect(result.body.isEmpty)
    }

    @Test("no scope + good secret → 200, access_token empty, expires_in 1800, Harbor's claims and libtrust kid")
    func goodSecretNoScope() async throws {
        let sandbox = try await SharedSandbox.standard.get()
        let (result, issued) = try await token(sandbox, scope: nil, basic: ("alice", "Alice1234"))
        #expect(result.status == 200)
        #expect(result.jsonObject["access_token"] as? String == "")
        #expect(result.jsonObject["expires_in"] as? Int == 1800)
        #expect((result.jsonObject["issued_at"] as? String)?.hasSuffix("Z") == true)
        let token = try #require(issued)
        #expect(token.header["alg"] as? String == "RS256")
        let kid = try #require(token.header["kid"] as? String)
        #expect(kid.range(of: "^([A-Z2-7]{4}:){11}[A-Z2-7]{4}$", options: .regularExpression) != nil)
        #expect(token.claims["iss"] as? String == "harbor-token-issuer")
        #expect(token.claims["aud"] as? String == "harbor-registry")
        #expect(token.claims["sub"] as? String == "alice")
        let exp = try #require(token.claims["exp"] as? Int)
        let iat = try #require(token.claims["iat"] as? Int)
        #expect(exp - iat == 1800)
        #expect(token.claims["nbf"] as? Int == iat)
        #expect((token.claims["jti"] as? String)?.isEmpty == false)
    }

    @Test("access actions are computed from the role, not echoed",
          arguments: [
            ("alice", "Alice1234", "demo", ["pull", "push"]),  // developer
            ("bob", "Bob12345", "demo", ["pull"]),  // guest
            ("dave", "Dave12345", "demo", ["pull"]),  // limitedGuest
            ("carol", "Carol1234", "demo", ["pull", "push", "delete", "*"]),  // projectAdmin (2.7 adds "*")
            ("alice", "Alice1234", "demo2", ["pull", "push", "delete", "*"]),  // maintainer
            ("mallory", "Mallory123", "demo", []),  // not a member
            ("mallory", "Mallory123", "library", ["pull"]),  // public project
            ("root", "Root12345", "alpha", ["pull", "push", "delete", "*"]),  // sysadmin
            ("robot$demo+ci", "RobotSecret1", "demo", ["pull", "push"]),
            ("doaas-demo+jenkins", "DoaasSecret1", "demo", ["pull", "push"]),
            ("robot$reader", "ReaderSecret1", "demo", ["pull"]),
            ("alice", "Alice1234", "nosuchproject", []),  // push into a missing project is refused
          ])
    func computedActions(user: String, secret: String, project: String, expected: [String]) async throws {
        let sandbox = try await SharedSandbox.standard.get()
        let (result, issued) = try await token(sandbox, scope: "repository:\(project)/app:pull,push,delete", basic: (user, secret))
        #expect(result.status == 200)
        let token = try #require(issued)
        #expect(Set(token.firstActions) == Set(expected))
        #expect(token.access.first?["name"] as? String == "\(project)/app")
        #expect(token.claims["sub"] as? String == user)
    }

    @Test("scope + bad credentials → 200 with an anonymous token (no sub; pull only on public projects)")
    func anonymousToken() async throws {
        let sandbox = try await SharedSandbox.standard.get()
        let (privateResult, privateToken) = try await token(sandbox, scope: "repository:demo/app:pull,push", basic: ("alice", "bad"))
        #expect(privateResult.status == 200)
        let privateClaims = try #require(privateToken)
        #expect(privateClaims.claims["sub"] == nil)
        #expect(privateClaims.firstActions.isEmpty)
        let (_, publicToken) = try await token(sandbox, scope: "repository:library/busybox:pull,push", basic: nil)
        #expect(try #require(publicToken).firstActions == ["pull"])
    }

    @Test("several scopes (space-separated and repeated), registry:catalog:* only for sysadmins")
    func multipleScopes() async throws {
        let sandbox = try await SharedSandbox.standard.get()
        let path = "/service/token?service=harbor-registry&scope=repository%3Ademo%2Fa%3Apull%20registry%3Acatalog%3A*&scope=repository%3Alibrary%2Fb%3Apush"
        let user = IssuedToken(response: try await request(sandbox, .GET, path, basic: ("alice", "Alice1234")))
        let userAccess = try #require(user).access
        #expect(userAccess.count == 3)
        #expect(userAccess[1]["actions"] as? [String] == [])
        // the caller's actions replace the requested ones: a public project grants pull, though push was asked
        #expect(userAccess[2]["actions"] as? [String] == ["pull"])
        let admin = IssuedToken(response: try await request(sandbox, .GET, path, basic: ("root", "Root12345")))
        #expect(try #require(admin).access[1]["actions"] as? [String] == ["*"])
    }
}
