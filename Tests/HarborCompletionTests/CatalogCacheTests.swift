import Foundation
import HarborAPI
import HarborCompletion
import HarborCore
import HarborTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The cache a TAB answers from: fresh entries without a request, stale ones refreshed, the stale
/// list when Harbor cannot be reached or is too slow, a corrupt file as if missing, 0600 files.
@Suite("completion cache", .serialized)
struct CatalogCacheTests {
    @Test("cold: 1,003 projects fetched over eleven pages and cached; warm: the same without any request")
    func coldThenWarm() async throws {
        let sandbox = try await SharedCompletionSandbox.shared.get()
        let root = try TemporaryDirectory()
        let cold = RequestCounter()
        let projects = await Clients.catalog(sandbox, root: root.path, counter: cold).projects()
        #expect(projects.count == 1_003)
        #expect(projects.first?.name == "demo")
        #expect(projects.last?.name == "library")  // public, not a member: after the member projects
        // /v2/ (the credential check) plus eleven pages.
        // (The sandbox speaks plain HTTP: the stack's first HTTPS attempt is answered in plain
        // text and the request goes again over http://, so only plain-HTTP requests are counted.)
        #expect(cold.recorded.filter { $0.hasPrefix("http://") && $0.contains("/api/v2.0/projects") }.count == 11)
        #expect(cold.recorded.contains { $0.hasSuffix("/v2/") })

        let warm = RequestCounter()
        let again = await Clients.catalog(sandbox, root: root.path, counter: warm).projects()
        #expect(again == projects)
        #expect(warm.count == 0)
    }

    @Test("stale entries are fetched again; the new list replaces them")
    func stale() async throws {
        let sandbox = try await SharedCompletionSandbox.shared.get()
        let root = try TemporaryDirectory()
        let cache = CompletionCache(root: root.path, host: sandbox.host, username: "alice")
        cache.write("repositories/demo", [HarborRepository(name: "demo/gone")], fetched: Date().addingTimeInterval(-301))
        let counter = RequestCounter()
        let repositories = await Clients.catalog(sandbox, root: root.path, counter: counter).repositories(inProject: "demo")
        #expect(repositories.map(\.name) == ["demo/app", "demo/hello", "demo/team/api"])
        #expect(counter.recorded.filter { $0.hasPrefix("http://") }.count == 1, "one fetch (after the HTTPS attempt a plain-HTTP loopback server gets first)")
        #expect(cache.read("repositories/demo", as: [HarborRepository].self)?.value.map(\.name) == ["demo/app", "demo/hello", "demo/team/api"])
    }

    @Test("the time to live is a setting")
    func timeToLive() async throws {
        let sandbox = try await SharedCompletionSandbox.shared.get()
        let root = try TemporaryDirectory()
        let cache = CompletionCache(root: root.path, host: sandbox.host, username: "alice")
        cache.write("repositories/demo", [HarborRepository(name: "demo/kept")], fetched: Date().addingTimeInterval(-301))
        let settings = try EffectiveSettings(stored: { var s = StoredSettings(); s.completionTTL = "600"; return s }())
        let counter = RequestCounter()
        var options = CompletionOptions(settings: settings)
        options.budget = .seconds(60)
        let catalog = Clients.catalog(sandbox, root: root.path, options: options, counter: counter)
        #expect(await catalog.repositories(inProject: "demo").map(\.name) == ["demo/kept"])
        #expect(counter.count == 0)
    }

    @Test("offline: the stale list, or nothing; never an error")
    func offline() async throws {
        let root = try TemporaryDirectory()
        let cache = CompletionCache(root: root.path, host: "harbor.example.com", username: "alice")
        cache.writeProjects([HarborProject(name: "old", roleIDs: [2])], fetched: Date().addingTimeInterval(-3600))
        let catalog = HarborCatalog(cache: cache, options: CompletionOptions(), makeClient: { _ in
            HarborAPIClient(baseURL: "https://harbor.example.com", transport: Offline())
        })
        #expect(await catalog.projects().map(\.name) == ["old"])
        #expect(await catalog.cached("repositories/old") { try await $0.repositories(inProject: "old") }.freshness == .none)
    }

    @Test("logged out (no credentials): the cache only")
    func loggedOut() async throws {
        let root = try TemporaryDirectory()
        let cache = CompletionCache(root: root.path, host: "harbor.example.com", username: "alice")
        cache.writeProjects([HarborProject(name: "old", roleIDs: [2])], fetched: Date().addingTimeInterval(-3600))
        let catalog = HarborCatalog(cache: cache, options: CompletionOptions(), makeClient: nil)
        let result = await catalog.cached(ProjectLines.cacheKey) { ProjectLines.encode(try await $0.projects()) }
        #expect(result.value.map(ProjectLines.decode)?.map(\.name) == ["old"])
        #expect(result.freshness == .stale)
    }

    @Test("a corrupt cache file counts as missing and is replaced")
    func corrupt() async throws {
        let sandbox = try await SharedCompletionSandbox.shared.get()
        let root = try TemporaryDirectory()
        let cache = CompletionCache(root: root.path, host: sandbox.host, username: "alice")
        cache.write("repositories/viewer", [HarborRepository(name: "x")], fetched: Date())
        try Data("{\"version\":1,\"fetched\":".utf8).write(to: URL(fileURLWithPath: cache.path("repositories/viewer")))
        let repositories = await Clients.catalog(sandbox, root: root.path).repositories(inProject: "viewer")
        #expect(repositories.map(\.name) == ["viewer/tool"])
        #expect(cache.read("repositories/viewer", as: [HarborRepository].self)?.value.map(\.name) == ["viewer/tool"])
        // And offline, a corrupt file gives nothing rather than an error.
        try Data("not json".utf8).write(to: URL(fileURLWithPath: cache.path("repositories/viewer")))
        let offline = HarborCatalog(cache: cache, options: CompletionOptions(), makeClient: { _ in
            HarborAPIClient(baseURL: "https://\(sandbox.host)", transport: Offline())
        })
        #expect(await offline.repositories(inProject: "viewer").isEmpty)
    }

    @Test("cache files are 0600 in 0700 directories, and hold no secret")
    func permissionsAndSecrets() async throws {
        let sandbox = try await SharedCompletionSandbox.shared.get()
        let root = try TemporaryDirectory()
        _ = await Clients.catalog(sandbox, root: root.path).artifacts(inProject: "demo", repository: "app")
        let cache = CompletionCache(root: root.path, host: sandbox.host, username: "alice")
        var info = stat()
        #expect(stat(cache.path("artifacts/demo/app"), &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(stat(cache.directory, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700)
        let text = try String(contentsOfFile: cache.path("artifacts/demo/app"), encoding: .utf8)
        #expect(text.contains("1.0"))
        #expect(!text.contains("Alice1234"))
        #expect(!text.contains(Data("alice:Alice1234".utf8).base64EncodedString()))
    }

    @Test("a stalled server: the TAB answers from the stale cache within its budget", .timeLimit(.minutes(1)))
    func stalled() async throws {
        // A sandbox of its own: a stall on the shared one would hold up the suites running beside this one.
        let sandbox = try await SandboxProcess.start(fixture: CompletionFixture.fixture)
        defer { sandbox.stop() }
        try await sandbox.setFaults([SandboxFault(pathPrefix: "/api/v2.0/projects/demo/repositories", stall: true)])
        let root = try TemporaryDirectory()
        let cache = CompletionCache(root: root.path, host: sandbox.host, username: "alice")
        cache.write("repositories/demo", [HarborRepository(name: "demo/cached")], fetched: Date().addingTimeInterval(-3600))
        let catalog = Clients.catalog(sandbox, root: root.path, options: CompletionOptions(budget: .milliseconds(300)))
        let result = await catalog.cached("repositories/demo") { try await $0.repositories(inProject: "demo") }
        #expect(result.value?.map(\.name) == ["demo/cached"])
        #expect(result.freshness == .stale)
        // The stale entry stays for the next TAB.
        #expect(cache.read("repositories/demo", as: [HarborRepository].self)?.value.map(\.name) == ["demo/cached"])
    }

    @Test("a wrong secret: Harbor's public-only list is not presented as the user's, and the old cache goes")
    func wrongSecret() async throws {
        let sandbox = try await SharedCompletionSandbox.shared.get()
        let root = try TemporaryDirectory()
        let cache = CompletionCache(root: root.path, host: sandbox.host, username: "alice")
        cache.writeProjects([HarborProject(name: "demo", roleIDs: [2])], fetched: Date().addingTimeInterval(-3600))
        let projects = await Clients.catalog(sandbox, root: root.path, secret: "WrongSecret9").projects()
        #expect(projects.isEmpty)
        #expect(cache.readProjects() == nil)
    }

    @Test("the project list round-trips through its cache lines")
    func projectLines() {
        let projects = [
            HarborProject(name: "demo", roleIDs: [2, 3], isPublic: false, repositoryCount: 4),
            HarborProject(name: "library", roleIDs: [], isPublic: true, repositoryCount: nil),
            HarborProject(name: "x", roleIDs: [1], isPublic: nil, repositoryCount: 0),
        ]
        #expect(ProjectLines.decode(ProjectLines.encode(projects)) == projects)
        #expect(ProjectLines.decode("broken line\ndemo\t2\t0\t1\n") == [HarborProject(name: "demo", roleIDs: [2], isPublic: false, repositoryCount: 1)])
    }

    @Test("file names cannot leave the cache directory", arguments: [
        ("artifacts/demo/team/app", "artifacts%2Fdemo%2Fteam%2Fapp.json"), ("..", "%2E%2E.json"), ("a:b", "a%3Ab.json"),
    ])
    func fileNames(key: String, file: String) {
        let cache = CompletionCache(root: "/c", host: "h:5000", username: "robot$x+y")
        #expect(cache.path(key) == "/c/h%3A5000/robot%24x%2By/" + file)
    }
}
