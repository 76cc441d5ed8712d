import AsyncHTTPClient
import Foundation
import HarborTestSupport
import Testing

/// The challenge returned by /v2/… and the exact 401 body from /v2/ (goharbor/harbor v2.7.0,
/// src/server/middleware/v2auth/auth.go, src/lib/http/error.go).
@Suite("/v2/ challenges and 401 bodies")
struct RegistryChallengeTests {
    @Test("GET /v2/ without credentials → Bearer challenge, no scope, exact body and headers")
    func baseWithoutCredentials() async throws {
        let sandbox = try await SharedSandbox.standard.get()
        let result = try await request(sandbox, .GET, "/v2/")
        #expect(result.status == 401)
        #expect(result.header("Www-Authenticate") == #"Bearer realm="\#(sandbox.baseURL.absoluteString)/service/token",service="harbor-registry""#)
        #expect(result.header("Docker-Distribution-Api-Version") == "registry/2.0")
        #expect(result.header("Content-Type") == "application/json; charset=utf-8")
        #expect(result.body == unauthorizedBody)
    }

    @Test("GET /v2/ with a good CLI secret → 200 {}")
    func baseWithGoodSecret() async throws {
        let sandbox = try await SharedSandbox.standard.get()
        let result = try await request(sandbox, .GET, "/v2/", basic: ("alice", "Alice1234"))
        #expect(result.status == 200)
        #expect(result.body == "{}")
    }

    @Test("GET /v2/ with a wrong secret, an unknown user or an expired session → 401 Basic realm=\"harbor\"",
          arguments: [("alice", "wrong"), ("nobody", "Whatever1"), ("olga", "Olga12345")])
    func baseWithBadCredentials(user: String, secret: String) async throws {
        let sandbox = try await SharedSandbox.standard.get()
        let result = try await request(sandbox, .GET, "/v2/", basic: (user, secret))
        #expect(result.status == 401)
        #expect(result.header("Www-Authenticate") == #"Basic realm="harbor""#)
        #expect(result.header("Docker-Distribution-Api-Version") == "registry/2.0")
        #expect(result.header("Content-Type") == "application/json; charset=utf-8")
        #expect(result.body == unauthorizedBody)
    }

    @Test("repository requests without Authorization carry the scope (pull; push → pull,push; delete)",
          arguments: [
            ("HEAD", "/v2/demo/app/manifests/1.0", "repository:demo/app:pull"),
            ("POST", "/v2/demo/app/blobs/uploads/", "repository:demo/app:pull,push"),
            ("DELETE", "/v2/demo/app/manifests/sha256:0000000000000000000000000000000000000000000000000000000000000000", "repository:demo/app:delete"),
          ])
    func scopedChallenge(method: String, path: String, scope: String) async throws {
        let sandbox = try await SharedSandbox.standard.get()
        let result = try await request(sandbox, .init(rawValue: method), path)
        #expect(result.status == 401)
        #expect(result.header("Www-Authenticate")
            == #"Bearer realm="\#(sandbox.baseURL.absoluteString)/service/token",service="harbor-registry",scope="\#(scope)""#)
    }

    @Test("a member without the right gets 401 Basic with the doubled repository message")
    func pushDeniedForGuest() async throws {
        let sandbox = try await SharedSandbox.standard.get()
        let result = try await request(sandbox, .POST, "/v2/demo/app/blobs/uploads/", basic: ("bob", "Bob12345"))
        #expect(result.status == 401)
        #expect(result.header("Www-Authenticate") == #"Basic realm="harbor""#)
        let message = "unauthorized to access repository: demo/app, action: push"
        #expect(result.body == #"{"errors":[{"code":"UNAUTHORIZED","message":"\#(message): \#(message)"}]}"# + "\n")
    }

    @Test("a project that does not exist → 401 with an empty Www-Authenticate")
    func missingProject() async throws {
        let sandbox = try await SharedSandbox.standard.get()
        let result = try await request(sandbox, .POST, "/v2/nosuchproject/app/blobs/uploads/", basic: ("root", "Root12345"))
        #expect(result.status == 401)
        #expect(result.header("Www-Authenticate") == "")
        #expect(result.body.contains("project nosuchproject not found"))
    }

    @Test("anonymous GET of a public repository works; anonymous HEAD is challenged (#11271)")
    func anonymousPublicPull() async throws {
        let sandbox = try await SharedSandbox.standard.get()
        let accept = [("Accept", "application/vnd.oci.image.manifest.v1+json")]
        let get = try await request(sandbox, .GET, "/v2/library/busybox/manifests/1.36", headers: accept)
        #expect(get.status == 200)
        #expect(get.header("Docker-Content-Digest")?.hasPrefix("sha256:") == true)
        let head = try await request(sandbox, .HEAD, "/v2/library/busybox/manifests/1.36", headers: accept)
        #expect(head.status == 401)
        #expect(head.header("Www-Authenticate")?.contains(#"scope="repository:library/busybox:pull""#) == true)
        let privateGet = try await request(sandbox, .GET, "/v2/demo/team/app/manifests/1.0", headers: accept)
        #expect(privateGet.status == 401)
    }

    @Test("/v2/_catalog is for sysadmins; others get Basic realm even without credentials")
    func catalog() async throws {
        let sandbox = try await SharedSandbox.standard.get()
        let anonymous = try await request(sandbox, .GET, "/v2/_catalog")
        #expect(anonymous.status == 401)
        #expect(anonymous.header("Www-Authenticate") == #"Basic realm="harbor""#)
        let user = try await request(sandbox, .GET, "/v2/_catalog?n=1", basic: ("alice", "Alice1234"))
        #expect(user.status == 401)
        let admin = try await request(sandbox, .GET, "/v2/_catalog", basic: ("root", "Root12345"))
        #expect(admin.status == 200)
        #expect(admin.body.contains("demo/hello"))
    }

    @Test("Basic auth works directly on every /v2 endpoint (tags/list) and for robots of both namings",
          arguments: [("alice", "Alice1234"), ("robot$demo+ci", "RobotSecret1"), ("doaas-demo+jenkins", "DoaasSecret1")])
    func basicOnTags(user: String, secret: String) async throws {
        let sandbox = try await SharedSandbox.standard.get()
        let result = try await request(sandbox, .GET, "/v2/demo/team/app/tags/list", basic: (user, secret))
        #expect(result.status == 200)
        #expect(result.body.contains("latest"))
    }

    @Test("Bearer tokens from /service/token are verified (signature, access) before they reach the registry")
    func bearerVerification() async throws {
        let sandbox = try await SharedSandbox.standard.get()
        let (_, issued) = try await token(sandbox, scope: "repository:demo/team/app:pull", basic: ("alice", "Alice1234"))
        let good = try #require(issued)
        let ok = try await request(sandbox, .GET, "/v2/demo/team/app/tags/list", bearer: good.raw)
        #expect(ok.status == 200)
        // the same token does not cover another repository
        let otherRepository = try await request(sandbox, .GET, "/v2/demo/hello/tags/list", bearer: good.raw)
        #expect(otherRepository.status == 401)
        #expect(otherRepository.header("Www-Authenticate") == #"Basic realm="harbor""#)
        // a tampered signature is refused
        let tampered = good.raw.dropLast(4) + "AAAA"
        let forged = try await request(sandbox, .GET, "/v2/demo/team/app/tags/list", bearer: String(tampered))
        #expect(forged.status == 401)
    }
}
