import AsyncHTTPClient
import Foundation
import HarborTestSupport
import Testing

import HarborSandbox

/// goharbor/harbor v2.7.0: src/server/middleware/security/oidc_cli.go (CLI-secret allow-list),
/// src/server/v2.0/handler (endpoints), src/pkg/oidc/secret.go (expiry).
@Suite("Harbor API")
struct HarborAPITests {
    @Test("the oidcCli allow-list of Harbor 2.7",
          arguments: [
            ("GET", "/v2/", true), ("PUT", "/v2/a/b/manifests/1", true), ("GET", "/service/token", true),
            ("GET", "/service/token/", true), ("GET", "/chartrepo/x/index.yaml", true), ("GET", "/api/chartrepo/x/charts", true),
            ("POST", "/api/v2.0/projects", true), ("GET", "/api/v2.0/projects", true), ("GET", "/api/v2.0/projects/", true),
            ("GET", "/api/v2.0/systeminfo", true), ("GET", "/api/version", true), ("GET", "/api/v2.0/labels", true),
            ("GET", "/api/v2.0/projects/p/repositories", true), ("GET", "/api/v2.0/projects/p/repositories/r/artifacts", true),
            ("DELETE", "/api/v2.0/projects/p/repositories/r/artifacts/sha256:1/tags/v1", true),
            ("GET", "/api/v2.0/users/current", false), ("GET", "/api/v2.0/users/current/permissions", false),
            ("GET", "/api/v2.0/projects/p", false), ("GET", "/api/v2.0/projects/p/summary", false),
            ("GET", "/api/v2.0/projects/p/members", false), ("GET", "/api/v2.0/repositories", false), ("GET", "/api/v2.0/search", false),
            ("GET", "/api/v2.0/projects/p/repositories/r/artifacts/v1", false),
            ("GET", "/api/v2.0/projects/p/repositories/r/artifacts/v1/tags", false), ("PUT", "/api/v2.0/users/3/cli_secret", false),
            ("DELETE", "/api/v2.0/projects", false),
          ])
    func allowList(method: String, path: String, allowed: Bool) {
        #expect(Authenticator.cliSecretAllowed(method: method, path: path) == allowed)
    }

    @Test("/users/current → 401 for a CLI secret (anonymous there), 412 PRECONDITION for a robot")
    func usersCurrent() async throws {
        let sandbox = try await SharedSandbox.standard.get()
        let user = try await request(sandbox, .GET, "/api/v2.0/users/current", basic: ("alice", "Alice1234"))
        #expect(user.status == 401)
        #expect(user.body == #"{"errors":[{"code":"UNAUTHORIZED","message":"unauthorized"}]}"# + "\n")
        let robot = try await request(sandbox, .GET, "/api/v2.0/users/current", basic: ("robot$demo+ci", "RobotSecret1"))
        #expect(robot.status == 412)
        #expect(robot.body == #"{"errors":[{"code":"PRECONDITION","message":"get current user not available for security context: robot"}]}"# + "\n")
    }

    @Test("a single private project is not CLI-secret allowed (→ anonymous → 401); robots authenticate everywhere")
    func singleProject() async throws {
        let sandbox = try await SharedSandbox.standard.get()
        #expect(try await request(sandbox, .GET, "/api/v2.0/projects/demo", basic: ("alice", "Alice1234")).status == 401)
        #expect(try await request(sandbox, .GET, "/api/v2.0/projects/demo", basic: ("doaas-demo+jenkins", "DoaasSecret1")).status == 200)
        #expect(try await request(sandbox, .GET, "/api/v2.0/projects/library").status == 200)
    }

    @Test("ping and version")
    func ping() async throws {
        let sandbox = try await SharedSandbox.standard.get()
        let pong = try await request(sandbox, .GET, "/api/v2.0/ping")
        #expect(pong.status == 200)
        #expect(pong.body == "Pong")
        #expect(pong.header("Content-Type")?.hasPrefix("text/plain") == true)
        #expect(try await request(sandbox, .GET, "/api/version").jsonObject["version"] as? String == "v2.0")
    }

    @Test("systeminfo: anonymous (2.7 model, harbor_version visible) vs authenticated field sets")
    func systemInfo() async throws {
        let sandbox = try await SharedSandbox.standard.get()
        let anonymous = try await request(sandbox, .GET, "/api/v2.0/systeminfo", basic: ("alice", "wrong")).jsonObject
        #expect(Set(anonymous.keys) == ["auth_mode", "harbor_version", "self_registration"])
        #expect(anonymous["auth_mode"] as? String == "oidc_auth")
        let authenticated = try await request(sandbox, .GET, "/api/v2.0/systeminfo", basic: ("alice", "Alice1234")).jsonObject
        for key in ["current_time", "registry_url", "external_url", "has_ca_root", "project_creation_restriction",
                    "registry_storage_provider_name", "read_only", "notification_enable", "with_notary", "with_chartmuseum", "harbor_version"] {
            #expect(authenticated[key] != nil, "missing \(key)")
        }
        #expect(authenticated["registry_url"] as? String == sandbox.host)
    }

    @Test("page_size over 100 → 422 UNPROCESSABLE_ENTITY with go-swagger's message")
    func pageSizeLimit() async throws {
        let sandbox = try await SharedSandbox.standard.get()
        let result = try await request(sandbox, .GET, "/api/v2.0/projects?page_size=101", basic: ("alice", "Alice1234"))
        #expect(result.status == 422)
        #expect(result.body
            == #"{"errors":[{"code":"UNPROCESSABLE_ENTITY","message":"validation failure list:\npage_size in query should be less than or equal to 100"}]}"# + "\n")
    }

    @Test("X-Total-Count and Link (path-only URLs, sorted keys, \" , \" separator)")
    func paginationHeaders() async throws {
        let sandbox = try await SharedSandbox.standard.get()
        let result = try await request(sandbox, .GET, "/api/v2.0/projects?page=2&page_size=2&with_detail=false", basic: ("alice", "Alice1234"))
        #expect(result.status == 200)
        #expect(result.header("X-Total-Count") == "5")
        #expect(result.header("Link")
            == #"</api/v2.0/projects?page=1&page_size=2&with_detail=false>; rel="prev" , </api/v2.0/projects?page=3&page_size=2&with_detail=false>; rel="next""#)
        #expect(result.jsonArray.map { $0["name"] as? String } == ["demo2", "library"])  // by name: beta demo | demo2 library | scratch
    }

    @Test("visibility — member ∪ public for users, all for sysadmin, public only for anonymous / wrong / expired secret")
    func visibility() async throws {
        let sandbox = try await SharedSandbox.standard.get()
        func names(_ basic: (String, String)?, _ query: String = "") async throws -> Set<String> {
            Set(try await request(sandbox, .GET, "/api/v2.0/projects?page_size=100" + query, basic: basic).jsonArray.compactMap { $0["name"] as? String })
        }
        #expect(try await names(("alice", "Alice1234")) == ["demo", "demo2", "scratch", "library", "beta"])
        #expect(try await names(("root", "Root12345")).isSuperset(of: ["alpha", "beta", "gamma", "demo", "demo2", "scratch", "library"]))
        #expect(try await names(nil) == ["library", "beta"])
        #expect(try await names(("alice", "wrong")) == ["library", "beta"])
        #expect(try await names(("olga", "Olga12345")) == ["library", "beta"])  // expired = wrong secret
        #expect(try await names(("alice", "Alice1234"), "&public=false") == ["demo", "demo2", "scratch"])
        #expect(try await names(nil, "&public=false") == [])
        #expect(try await names(("alice", "Alice1234"), "&name=em") == ["demo", "demo2"])  // fuzzy
        #expect(try await names(("robot$demo+ci", "RobotSecret1")) == ["demo", "library", "beta"])
    }

    @Test("current_user_role_id(s), with_detail=false drops metadata")
    func roles() async throws {
        let sandbox = try await SharedSandbox.standard.get()
        let detailed = try await request(sandbox, .GET, "/api/v2.0/projects?name=demo2", basic: ("alice", "Alice1234")).jsonArray
        let project = try #require(detailed.first)
        #expect(project["current_user_role_id"] as? Int == 4)
        #expect(project["current_user_role_ids"] as? [Int] == [4])
        #expect((project["metadata"] as? [String: Any])?["public"] as? String == "false")
        let plain = try await request(sandbox, .GET, "/api/v2.0/projects?name=demo2&with_detail=false", basic: ("alice", "Alice1234")).jsonArray
        #expect(plain.first?["metadata"] == nil)
        let library = try await request(sandbox, .GET, "/api/v2.0/projects?name=library", basic: ("alice", "Alice1234")).jsonArray
        #expect(library.first?["current_user_role_id"] as? Int == 0)
    }

    @Test("repositories: full names, q=name=~, 401 anonymous on private, 403 non-member and missing project, 404 for sysadmin")
    func repositories() async throws {
        let sandbox = try await SharedSandbox.standard.get()
        let list = try await request(sandbox, .GET, "/api/v2.0/projects/demo/repositories?page_size=100", basic: ("alice", "Alice1234"))
        #expect(list.status == 200)
        let names = Set(list.jsonArray.compactMap { $0["name"] as? String })
        #expect(names.isSuperset(of: ["demo/hello", "demo/team/app"]))
        let filtered = try await request(sandbox, .GET, "/api/v2.0/projects/demo/repositories?q=name%3D~demo%2Fte", basic: ("alice", "Alice1234"))
        #expect(filtered.jsonArray.compactMap { $0["name"] as? String } == ["demo/team/app"])
        #expect(try await request(sandbox, .GET, "/api/v2.0/projects/demo/repositories").status == 401)
        let forbidden = try await request(sandbox, .GET, "/api/v2.0/projects/demo/repositories", basic: ("mallory", "Mallory123"))
        #expect(forbidden.status == 403)
        #expect(forbidden.body == #"{"errors":[{"code":"FORBIDDEN","message":"forbidden"}]}"# + "\n")
        #expect(try await request(sandbox, .GET, "/api/v2.0/projects/nosuch/repositories", basic: ("alice", "Alice1234")).status == 403)
        #expect(try await request(sandbox, .GET, "/api/v2.0/projects/nosuch/repositories", basic: ("root", "Root12345")).status == 404)
        #expect(try await request(sandbox, .GET, "/api/v2.0/projects/library/repositories").status == 200)
    }

    @Test("artifacts: double-encoded names, tags, type IMAGE and CHART from the config media type")
    func artifacts() async throws {
        let sandbox = try await SharedSandbox.standard.get()
        let image = try await request(sandbox, .GET, "/api/v2.0/projects/demo/repositories/team%252Fapp/artifacts?with_tag=true", basic: ("alice", "Alice1234"))
        #expect(image.status == 200)
        let imageArtifact = try #require(image.jsonArray.first)
        #expect(imageArtifact["type"] as? String == "IMAGE")
        #expect(Set((imageArtifact["tags"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }) == ["1.0", "latest"])
        // a single %2F is a different path in Harbor's router → 404
        let single = try await request(sandbox, .GET, "/api/v2.0/projects/demo/repositories/team%2Fapp/artifacts", basic: ("alice", "Alice1234"))
        #expect(single.status == 404)
        let chart = try await request(sandbox, .GET, "/api/v2.0/projects/demo/repositories/hello/artifacts?q=type%3DCHART", basic: ("alice", "Alice1234"))
        let chartArtifact = try #require(chart.jsonArray.first)
        #expect(chartArtifact["type"] as? String == "CHART")
        #expect(chartArtifact["media_type"] as? String == "application/vnd.cncf.helm.config.v1+json")
        #expect(chartArtifact["manifest_media_type"] as? String == "application/vnd.oci.image.manifest.v1+json")
        #expect((chartArtifact["extra_attrs"] as? [String: Any])?["version"] as? String == "0.1.0")
        let none = try await request(sandbox, .GET, "/api/v2.0/projects/demo/repositories/team%252Fapp/artifacts?q=type%3DCHART", basic: ("alice", "Alice1234"))
        #expect(none.jsonArray.isEmpty)
        #expect(none.header("X-Total-Count") == "0")
        #expect(try await request(sandbox, .GET, "/api/v2.0/projects/demo/repositories/hello/artifacts", basic: ("mallory", "Mallory123")).status == 403)
    }

    @Test("POST /api/v2.0/projects works with a CLI secret; anonymous → 401")
    func createProject() async throws {
        let sandbox = try await SharedSandbox.standard.get()
        let body = Data(#"{"project_name":"created-by-test","metadata":{"public":"false"}}"#.utf8)
        #expect(try await request(sandbox, .POST, "/api/v2.0/projects", body: body).status == 401)
        let created = try await request(sandbox, .POST, "/api/v2.0/projects", basic: ("mallory", "Mallory123"), body: body)
        #expect(created.status == 201)
        let again = try await request(sandbox, .POST, "/api/v2.0/projects", basic: ("mallory", "Mallory123"), body: body)
        #expect(again.status == 409)
        let (_, issued) = try await token(sandbox, scope: "repository:created-by-test/x:push", basic: ("mallory", "Mallory123"))
        #expect(Set(try #require(issued).firstActions) == ["pull", "push", "delete", "*"])
    }
}
