import Foundation
import HarborAPI
import HarborCore
import HarborRegistry
import HarborTestSupport
import Testing

/// The REST client against the sandbox, which answers as Harbor 2.7 does for a CLI secret
/// (goharbor/harbor src/server/v2.0/handler/{project,repository,artifact}.go, v2.7.0).
@Suite("HarborAPI client against the sandbox")
struct HarborAPIClientTests {
    @Test("1,045 projects over eleven pages: page 1 first, then the rest at most 4 at a time, in name order")
    func paginationIsCompleteOrderedAndBounded() async throws {
        let sandbox = try await SharedAPISandbox.shared.get()
        var probe: ConcurrencyProbe?
        let client = APIClientMaker.client(sandbox, "alice", "Alice1234", probe: { next in
            let made = ConcurrencyProbe(over: next)
            probe = made
            return made
        })
        let projects = try await client.projects()
        let expected = APIFixture.visibleToAlice
        #expect(projects.count == expected.count)
        #expect(projects.map(\.name) == expected)
        let urls = try #require(probe).recordedURLs
        #expect(urls.count == 11)
        #expect(urls.first?.contains("page=1&") == true)
        #expect(urls.allSatisfy { $0.contains("page_size=100") })
        let pages: [String] = urls.map { url in String(url.components(separatedBy: "page=")[1].prefix { $0.isNumber }) }
        #expect(Set(pages) == Set((1...11).map { String($0) }))
        #expect(try #require(probe).peakInFlight <= 4)
    }

    @Test("one page at a time when asked to")
    func concurrencyOfOne() async throws {
        let sandbox = try await SharedAPISandbox.shared.get()
        var probe: ConcurrencyProbe?
        let client = APIClientMaker.client(sandbox, "alice", "Alice1234", probe: { next in
            let made = ConcurrencyProbe(over: next)
            probe = made
            return made
        }, maxConcurrentPages: 1)
        #expect(try await client.projects().count == APIFixture.visibleToAlice.count)
        #expect(try #require(probe).peakInFlight == 1)
    }

    @Test("roles from current_user_role_ids, public flag from metadata")
    func rolesAndVisibility() async throws {
        let sandbox = try await SharedAPISandbox.shared.get()
        let projects = try await APIClientMaker.client(sandbox, "alice", "Alice1234").projects()
        let byName = Dictionary(uniqueKeysWithValues: projects.map { ($0.name, $0) })
        #expect(byName["demo"]?.role == .developer)
        #expect(byName["demo"]?.canPush == true)
        #expect(byName["ops"]?.role == .maintainer)
        #expect(byName["viewer"]?.role == .guest)
        #expect(byName["viewer"]?.canPush == false)
        #expect(byName["123"]?.role == .projectAdmin)
        #expect(byName["library"]?.role == nil)
        #expect(byName["library"]?.isPublic == true)
        #expect(byName["library"]?.canPull == true)
        #expect(byName["demo"]?.isPublic == false)
        #expect(byName["secret"] == nil)
        #expect(byName["demo"]?.repositoryCount == 2)
    }

    @Test("name narrows the list on the server")
    func nameFilter() async throws {
        let sandbox = try await SharedAPISandbox.shared.get()
        let projects = try await APIClientMaker.client(sandbox, "alice", "Alice1234").projects(nameContains: "bulk000")
        #expect(projects.map(\.name) == (0..<10).map { String(format: "bulk%04d", $0) })
    }

    @Test("a wrong secret: Harbor lists the public projects as to anyone, and ProjectLister refuses to present them")
    func wrongSecret() async throws {
        let sandbox = try await SharedAPISandbox.shared.get()
        let client = APIClientMaker.client(sandbox, "alice", "WrongSecret1")
        // What Harbor does (goharbor/harbor v2.7.0, src/server/middleware/security/basic_auth.go):
        // 200 with the public projects, no roles.
        let anonymous = try await client.projects()
        #expect(!anonymous.isEmpty)
        #expect(anonymous.allSatisfy { $0.isPublic == true && $0.role == nil })
        #expect(try await client.credentialsAccepted() == false)
        await #expect(throws: HarborAPI.ProjectLister.CredentialsRejected.self) {
            _ = try await HarborAPI.ProjectLister.list(using: client)
        }
        let good = try await HarborAPI.ProjectLister.list(using: APIClientMaker.client(sandbox, "alice", "Alice1234"))
        #expect(good.memberProjects.map(\.name).contains("demo"))
        #expect(good.publicProjects.map(\.name).contains("library"))
        #expect(!good.publicProjects.contains { $0.isMember })
    }

    @Test("repositories: full names, nested paths, q=name=~ narrows")
    func repositories() async throws {
        let sandbox = try await SharedAPISandbox.shared.get()
        let client = APIClientMaker.client(sandbox, "alice", "Alice1234")
        let all = try await client.repositories(inProject: "demo")
        #expect(all.map(\.name) == ["demo/hello", "demo/team/app"])
        #expect(all.map(\.path) == ["hello", "team/app"])
        #expect(all.allSatisfy { $0.projectName == "demo" })
        #expect(try await client.repositories(inProject: "demo", nameContains: "demo/te").map(\.name) == ["demo/team/app"])
    }

    @Test("artifacts of a nested repository (double-encoded path), with tags, type and size")
    func artifacts() async throws {
        let sandbox = try await SharedAPISandbox.shared.get()
        let client = APIClientMaker.client(sandbox, "alice", "Alice1234")
        try await sandbox.clearRequests()
        let images = try await client.artifacts(inProject: "demo", repository: "team/app")
        #expect(images.flatMap { $0.tags.map(\.name) }.sorted() == ["1.0", "latest"])
        #expect(images.allSatisfy { $0.type == "IMAGE" && $0.digest.hasPrefix("sha256:") && ($0.size ?? 0) > 0 && $0.pushTime != nil })
        let logged = try await sandbox.requests().map(\.path)
        #expect(logged.contains { $0.contains("team%252Fapp") || $0.contains("team%2Fapp") }, "\(logged)")
        let charts = try await client.artifacts(inProject: "demo", repository: "hello", type: "CHART")
        #expect(charts.allSatisfy { $0.isChart })
        #expect(charts.flatMap { $0.tags.map(\.name) }.sorted() == ["0.1.0", "0.2.0"])
    }

    @Test("a project named 123 is a name: X-Is-Resource-Name is sent")
    func numericProjectName() async throws {
        let sandbox = try await SharedAPISandbox.shared.get()
        var probe: ConcurrencyProbe?
        let client = APIClientMaker.client(sandbox, "alice", "Alice1234", probe: { next in
            let made = ConcurrencyProbe(over: next)
            probe = made
            return made
        })
        #expect(try await client.repositories(inProject: "123").isEmpty)
        #expect(try #require(probe).recordedURLs.first?.contains("/projects/123/repositories") == true)
    }

    @Test("403 for a project the caller cannot see, with Harbor's code and message")
    func forbidden() async throws {
        let sandbox = try await SharedAPISandbox.shared.get()
        let client = APIClientMaker.client(sandbox, "alice", "Alice1234")
        await #expect(throws: HarborAPIError.forbidden(path: "/api/v2.0/projects/secret/repositories", message: "FORBIDDEN: forbidden")) {
            _ = try await client.repositories(inProject: "secret")
        }
        do {
            _ = try await client.repositories(inProject: "secret")
        } catch let error as HarborAPIError {
            #expect(error.description == "Harbor answered 403 to /api/v2.0/projects/secret/repositories: FORBIDDEN: forbidden")
        }
    }

    @Test("systeminfo: the authenticated view only with working credentials")
    func systemInfo() async throws {
        let sandbox = try await SharedAPISandbox.shared.get()
        let info = try await APIClientMaker.client(sandbox, "alice", "Alice1234").systemInfo()
        #expect(info.isOIDC)
        #expect(info.isAuthenticatedView)
        #expect(info.registryURL == sandbox.host)
        #expect(info.harborVersion == "v2.7.0-sandbox")
        let anonymous = try await APIClientMaker.client(sandbox, "alice", "nope").systemInfo()
        #expect(!anonymous.isAuthenticatedView)
    }

    @Test("Basic credentials go to the instance's own URL and nowhere else")
    func credentialsStayOnTheirHost() async throws {
        final class Recorder: HTTPTransport, @unchecked Sendable {
            let lock = NSLock()
            var authorizations: [String: String?] = [:]
            func send(_ request: HTTPRequest) async throws -> HTTPResponse {
                lock.withLock { authorizations[request.url] = request.headers.first(name: "Authorization") }
                return HTTPResponse(status: .ok, headers: [:], body: .empty, request: request)
            }
        }
        let recorder = Recorder()
        let layer = AuthenticatingTransport(inner: recorder, credentials: BasicCredentials(username: "alice", secret: "Alice1234"), base: "https://harbor.example.com")
        for url in ["https://harbor.example.com/v2/", "https://harbor.example.com.evil.net/v2/", "https://evil.net/v2/", "https://harbor.example.com:8443/v2/"] {
            _ = try await layer.send(HTTPRequest(url: url))
        }
        #expect(recorder.authorizations["https://harbor.example.com/v2/"]! == "Basic YWxpY2U6QWxpY2UxMjM0")
        #expect(recorder.authorizations["https://harbor.example.com.evil.net/v2/"]! == nil)
        #expect(recorder.authorizations["https://evil.net/v2/"]! == nil)
        #expect(recorder.authorizations["https://harbor.example.com:8443/v2/"]! == nil)
    }
}

@Suite("HarborAPI models and paths")
struct HarborAPIModelTests {
    @Test("repository names are double-encoded in paths", arguments: [
        ("app", "app"), ("team/app", "team%252Fapp"), ("a/b/c", "a%252Fb%252Fc"), ("x.y_z-1", "x.y_z-1"),
    ])
    func doubleEncoding(name: String, segment: String) {
        #expect(HarborPath.repositorySegment(name) == segment)
    }

    @Test("Harbor's error body and anything else")
    func errorMessages() {
        #expect(HarborErrorMessage.extract(from: Array(#"{"errors":[{"code":"UNAUTHORIZED","message":"unauthorized"}]}"#.utf8) + [10]) == "UNAUTHORIZED: unauthorized")
        #expect(HarborErrorMessage.extract(from: Array("<html>bad gateway</html>\n".utf8)) == "<html>bad gateway</html>")
    }

    @Test("a project decodes from Harbor's JSON and encodes back to the same meaning")
    func projectRoundTrip() throws {
        let json = #"{"project_id":7,"name":"demo","current_user_role_id":2,"current_user_role_ids":[2,3],"repo_count":4,"metadata":{"public":"false"}}"#
        let project = try JSONDecoder().decode(HarborAPI.HarborProject.self, from: Data(json.utf8))
        #expect(project == HarborAPI.HarborProject(name: "demo", projectID: 7, roleIDs: [2, 3], isPublic: false, repositoryCount: 4))
        #expect(project.role == .developer)
        let again = try JSONDecoder().decode(HarborAPI.HarborProject.self, from: JSONEncoder().encode(project))
        #expect(again == project)
        // Before current_user_role_ids existed, and with with_detail=false (no metadata).
        let old = try JSONDecoder().decode(HarborAPI.HarborProject.self, from: Data(#"{"name":"x","current_user_role_id":4}"#.utf8))
        #expect(old.role == .maintainer)
        #expect(old.isPublic == nil)
    }

    @Test("artifacts: null tags, Go's zero time")
    func artifactDecoding() throws {
        let json = #"{"type":"CHART","digest":"sha256:ab","size":12,"push_time":"2026-01-02T03:04:05.678Z","tags":null}"#
        let artifact = try JSONDecoder().decode(HarborArtifact.self, from: Data(json.utf8))
        #expect(artifact.tags.isEmpty)
        #expect(artifact.isChart)
        #expect(artifact.pushTime == Date(timeIntervalSince1970: 1_767_323_045.678))
        let tag = try JSONDecoder().decode(HarborTag.self, from: Data(#"{"name":"v1","push_time":"0001-01-01T00:00:00.000Z"}"#.utf8))
        #expect(tag.pushTime == nil)
    }
}
