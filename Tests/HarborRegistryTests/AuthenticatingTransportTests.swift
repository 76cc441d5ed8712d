import Foundation
import HarborCore
import HarborRegistry
import NIOCore
import NIOHTTP1
import Testing

/// The authentication layer's rules, each checked on exactly what reached the wire.
struct AuthenticatingTransportTests {
    static let base = "https://harbor.corp"
    static let alice = BasicCredentials(username: "alice", secret: "AliceSecret1")
    static var aliceBasic: String { "Basic " + Data("alice:AliceSecret1".utf8).base64EncodedString() }

    /// A registry at harbor.corp with its token service at `realm`: a token "T<n>" per fetch,
    /// accepted when it is in `valid`.
    final class Registry: @unchecked Sendable {
        let lock = NSLock()
        var issued = 0
        var valid: Set<String> = []
        let realm: String

        init(realm: String = "https://harbor.corp/service/token") { self.realm = realm }

        func rules() -> [ScriptedTransport.Rule] {
            [
                { [self] request in
                    guard request.url.hasPrefix(realm) else { return nil }
                    let token = lock.withLock { () -> String in
                        issued += 1
                        valid.insert("T\(issued)")
                        return "T\(issued)"
                    }
                    return ScriptedTransport.answer(request, 200, body: ScriptedTransport.tokenBody(token))
                },
                { [self] request in
                    guard request.url.hasPrefix("https://harbor.corp/v2/p/app/") else { return nil }
                    let authorization = request.headers.first(name: "Authorization") ?? ""
                    let ok = lock.withLock { authorization.hasPrefix("Bearer ") && valid.contains(String(authorization.dropFirst(7))) }
                    if ok { return ScriptedTransport.answer(request, 200, body: "{}") }
                    let action = request.method == .GET || request.method == .HEAD ? "pull" : "pull,push"
                    return ScriptedTransport.answer(request, 401, headers: [("WWW-Authenticate", #"Bearer realm="\#(realm)",service="harbor-registry",scope="repository:p/app:\#(action)""#)])
                },
            ]
        }

        func revokeAll() { lock.withLock { valid.removeAll() } }
    }

    func stack(_ bottom: ScriptedTransport, tokens: TokenCache = TokenCache()) -> AuthenticatingTransport {
        AuthenticatingTransport(inner: bottom, credentials: Self.alice, base: Self.base, tokens: tokens)
    }

    @Test func tokenIsFetchedOnceAndReusedForTheSameScope() async throws {
        let registry = Registry()
        let bottom = ScriptedTransport(registry.rules())
        let auth = stack(bottom)
        for _ in 0..<3 {
            let response = try await auth.send(HTTPRequest(url: Self.base + "/v2/p/app/manifests/1"))
            #expect(response.status == .ok)
        }
        let tokenRequests = bottom.sent.filter { $0.url.contains("/service/token") }
        #expect(tokenRequests.count == 1)
        #expect(tokenRequests.first?.url.contains("scope=repository:p/app:pull") == true)
        #expect(tokenRequests.first?.url.contains("service=harbor-registry") == true)
        // The token service on the same server gets the account's Basic credentials.
        #expect(tokenRequests.first?.authorization == Self.aliceBasic)
        // Challenge, token, retry; then the cached token straight away.
        #expect(bottom.sent.map(\.authorization) == [nil, Self.aliceBasic, "Bearer T1", "Bearer T1", "Bearer T1"])
    }

    @Test func pushTokenServesPullsOfTheSameRepository() async throws {
        let registry = Registry()
        let bottom = ScriptedTransport(registry.rules())
        let auth = stack(bottom)
        let body = RequestBody.bytes(Array("layer".utf8))
        #expect(try await auth.send(HTTPRequest(method: .PUT, url: Self.base + "/v2/p/app/manifests/1", body: body)).status == .ok)
        #expect(try await auth.send(HTTPRequest(method: .HEAD, url: Self.base + "/v2/p/app/manifests/1")).status == .ok)
        #expect(bottom.sent.filter { $0.url.contains("/service/token") }.count == 1)
    }

    @Test func aRejectedTokenIsRefreshedOnceAndOnlyOnce() async throws {
        let registry = Registry()
        let bottom = ScriptedTransport(registry.rules())
        let auth = stack(bottom)
        #expect(try await auth.send(HTTPRequest(url: Self.base + "/v2/p/app/tags/list")).status == .ok)
        // The registry stops accepting T1 (say, it expired early): one new token, one retry.
        registry.revokeAll()
        #expect(try await auth.send(HTTPRequest(url: Self.base + "/v2/p/app/tags/list")).status == .ok)
        #expect(bottom.sent.filter { $0.url.contains("/service/token") }.count == 2)
        #expect(bottom.sent.last?.authorization == "Bearer T2")

        // A registry that rejects every token: the 401 comes back after one refresh, no loop.
        let stubborn = ScriptedTransport([
            { request in
                request.url.contains("/service/token") ? ScriptedTransport.answer(request, 200, body: ScriptedTransport.tokenBody("X")) : nil
            },
            { request in
                ScriptedTransport.answer(request, 401, headers: [("WWW-Authenticate", #"Bearer realm="https://harbor.corp/service/token",service="s""#)])
            },
        ])
        let response = try await stack(stubborn).send(HTTPRequest(url: Self.base + "/v2/p/app/tags/list"))
        #expect(response.status == .unauthorized)
        #expect(stubborn.sent.count == 3)
    }

    @Test func expiredTokensAreNotUsed() async throws {
        let clock = ManualClock()
        let tokens = TokenCache(now: { clock.now }, margin: 0)
        await tokens.store("old", for: "repository:p/app:pull", lifetime: 60)
        #expect(await tokens.token(for: "repository:p/app:pull") == "old")
        clock.advance(61)
        #expect(await tokens.token(for: "repository:p/app:pull") == nil)

        let registry = Registry()
        let bottom = ScriptedTransport(registry.rules())
        let auth = stack(bottom, tokens: tokens)
        _ = try await auth.send(HTTPRequest(url: Self.base + "/v2/p/app/manifests/1"))
        clock.advance(400)  // past the 300 s the token service granted
        _ = try await auth.send(HTTPRequest(url: Self.base + "/v2/p/app/manifests/1"))
        #expect(bottom.sent.filter { $0.url.contains("/service/token") }.count == 2)
    }

    @Test func aTokenRealmOnAnotherHostIsRefusedWithCredentialsAndAskedWithout() async throws {
        for realm in ["https://auth.elsewhere.example/token", "https://harbor.corp:8443/service/token"] {  // another port is another server too
            let registry = Registry(realm: realm)
            let bottom = ScriptedTransport(registry.rules())
            let error = await #expect(throws: AuthenticationError.self) {
                _ = try await stack(bottom).send(HTTPRequest(url: Self.base + "/v2/p/app/manifests/1"))
            }
            #expect(error?.reason == .realmOnAnotherServer(realm: realm, registry: "harbor.corp"), "\(String(describing: error))")
            #expect(error?.description.contains("not sent there") == true, "\(String(describing: error))")
            #expect(!bottom.sent.contains { !$0.url.hasPrefix(Self.base + "/") }, "nothing went to the realm: \(bottom.sent.map(\.url))")
            #expect(!bottom.sent.contains { $0.authorization != nil }, "no credentials were sent at all")

            // Without credentials there is no secret to keep: the anonymous token is fetched.
            let anonymous = ScriptedTransport(registry.rules())
            let response = try await AuthenticatingTransport(inner: anonymous, credentials: nil, base: Self.base).send(HTTPRequest(url: Self.base + "/v2/p/app/manifests/1"))
            #expect(response.status == .ok)
            #expect(anonymous.sent.first { $0.url.hasPrefix(realm) }?.authorization == nil)
        }
    }

    @Test func redirectsToAnotherHostCarryNoCredentials() async throws {
        let bottom = ScriptedTransport([
            { request in
                request.url.hasPrefix("https://harbor.corp/api/v2.0/blob")
                    ? ScriptedTransport.answer(request, 307, headers: [("Location", "https://storage.example/bucket/blob?sig=1")]) : nil
            },
            { request in request.url.hasPrefix("https://storage.example/") ? ScriptedTransport.answer(request, 200, body: "data") : nil },
        ])
        let response = try await stack(bottom).send(HTTPRequest(url: Self.base + "/api/v2.0/blob"))
        #expect(response.status == .ok)
        #expect(bottom.sent.map(\.url) == ["https://harbor.corp/api/v2.0/blob", "https://storage.example/bucket/blob?sig=1"])
        #expect(bottom.sent.map(\.authorization) == [Self.aliceBasic, nil])
    }

    @Test func aCallersAuthorizationNeverReachesAnotherHost() async throws {
        let bottom = ScriptedTransport([{ request in ScriptedTransport.answer(request, 200) }])
        let auth = stack(bottom)
        _ = try await auth.send(HTTPRequest(url: "https://other.example/x", headers: ["Authorization": "Bearer leaked"]))
        #expect(bottom.sent.first?.authorization == nil)
    }

    @Test func redirectOfAnUploadIsNotFollowedUnlessReplayable() async throws {
        let bottom = ScriptedTransport([
            { request in request.url.hasSuffix("/start") ? ScriptedTransport.answer(request, 302, headers: [("Location", "/elsewhere")]) : nil },
        ])
        let once = RequestBody(length: 1, isReplayable: false) { AsyncThrowingStream { $0.yield(ByteBuffer(bytes: [1])); $0.finish() } }
        let response = try await stack(bottom).send(HTTPRequest(method: .POST, url: Self.base + "/api/v2.0/start", body: once))
        #expect(response.status == .found)
        #expect(bottom.sent.count == 1)
    }

    @Test func basicGoesUpFrontOnlyWhereHarborTakesIt() async throws {
        let bottom = ScriptedTransport([{ request in ScriptedTransport.answer(request, 200) }])
        let auth = stack(bottom)
        for path in ["/api/v2.0/projects", "/v2/", "/service/token?service=harbor-registry", "/v2/p/app/manifests/1"] {
            _ = try await auth.send(HTTPRequest(url: Self.base + path))
        }
        #expect(bottom.sent.map(\.authorization) == [Self.aliceBasic, Self.aliceBasic, Self.aliceBasic, nil])
    }

    @Test func aBasicChallengeIsAnsweredOnceAndARejectionReturned() async throws {
        let bottom = ScriptedTransport([{ request in ScriptedTransport.answer(request, 401, headers: [("WWW-Authenticate", #"Basic realm="harbor""#)]) }])
        let response = try await stack(bottom).send(HTTPRequest(url: Self.base + "/v2/p/app/manifests/1"))
        #expect(response.status == .unauthorized)
        #expect(bottom.sent.map(\.authorization) == [nil, Self.aliceBasic])
    }

    @Test func aMalformedChallengeIsAnError() async throws {
        let bottom = ScriptedTransport([{ request in ScriptedTransport.answer(request, 401, headers: [("WWW-Authenticate", #"Bearer realm="open"#)]) }])
        await #expect(throws: AuthenticationError.self) {
            _ = try await self.stack(bottom).send(HTTPRequest(url: Self.base + "/v2/p/app/manifests/1"))
        }
    }

    @Test func aFailingTokenServiceIsReportedWithItsErrors() async throws {
        let bottom = ScriptedTransport([
            { request in
                request.url.contains("/service/token")
                    ? ScriptedTransport.answer(request, 500, body: #"{"errors":[{"code":"UNKNOWN","message":"db down"}]}"#) : nil
            },
            { request in ScriptedTransport.answer(request, 401, headers: [("WWW-Authenticate", #"Bearer realm="https://harbor.corp/service/token""#)]) },
        ])
        do {
            _ = try await stack(bottom).send(HTTPRequest(url: Self.base + "/v2/p/app/manifests/1"))
            Issue.record("no error")
        } catch let error as AuthenticationError {
            #expect(error.description.contains("500"))
            #expect(error.description.contains("UNKNOWN: db down"))
        }
    }

    @Test func plainHTTPWithCredentialsIsRefusedExceptToLoopback() async throws {
        let bottom = try AsyncHTTPClientTransport(settings: ConnectionSettings())
        defer { Task { await bottom.shutdown() } }
        do {
            _ = try await bottom.send(HTTPRequest(url: "http://harbor.corp/v2/", headers: ["Authorization": Self.aliceBasic]))
            Issue.record("sent credentials over plain HTTP")
        } catch let error as ConnectionError {
            #expect(error.reason == .plainHTTPRefused(host: "harbor.corp"))
        }
    }
}

final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_800_000_000)
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}
