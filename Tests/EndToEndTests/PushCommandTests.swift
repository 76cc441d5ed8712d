import AsyncHTTPClient
import Foundation
import HarborCommands
import HarborCommandsTestSupport
import HarborCore
import HarborTestSupport
import NIOCore
import Testing

import HarborCharts

/// `helm harbor push` against the sandbox: the permission check before any upload, re-pushes,
/// faults, bad input. Runs the command in-process with its own HOME and captured output; the
/// real-Helm test runs it as Helm 4.3.1's plugin.
@Suite("helm harbor push", .serialized)
struct PushCommandTests {
    static let fixture = SandboxFixture(
        users: [
            .init("alice", secret: "Alice-secret-1"), .init("victor", secret: "Victor-secret-1"), .init("lisa", secret: "Lisa-secret-1"),
            .init("old", secret: "Old-secret-1", expired: true), .init("bob", secret: "Bob-secret-1"),
        ],
        projects: [
            .init("team", members: [.init("alice", .developer), .init("victor", .guest), .init("lisa", .limitedGuest), .init("old", .developer)]),
            .init("other", members: [.init("alice", .developer)]),
            .init("open", public: true, members: [.init("alice", .maintainer)]),
            .init("vault", members: [.init("bob", .developer)]),
        ])

    static let sandbox = SharedSandbox(fixture: fixture)
    /// The same fixture, for the suites that push beside this one (real Helm, the plugin
    /// publication, the release): this suite's request-log assertions see only its own requests.
    static let neighbourSandbox = SharedSandbox(fixture: fixture)

    /// `instance`: the Harbor the pipeline's variables belong to (`HARBOR_INSTANCE`); the shared sandbox by default.
    static func push(_ arguments: [String], user: String = "alice", secret: String? = nil, home: Scratch, instance: String? = nil, extra: [String: String] = [:]) async -> CompletedProcess {
        var variables = ["HOME": home.url.path, "PATH": "/usr/bin:/bin", "HARBOR_USERNAME": user, "HELM_REGISTRY_CONFIG": home.path("helm/registry.json").path]
        let secrets = ["alice": "Alice-secret-1", "victor": "Victor-secret-1", "lisa": "Lisa-secret-1", "old": "Old-secret-1", "bob": "Bob-secret-1"]
        variables["HARBOR_CLI_SECRET"] = secret ?? secrets[user] ?? "x"
        // The pipeline's variables belong to its Harbor only (CredentialChain): the sandbox.
        if let instance { variables["HARBOR_INSTANCE"] = instance } else if let host = try? await Self.sandbox.get().host { variables["HARBOR_INSTANCE"] = host }
        for (key, value) in extra { variables[key] = value }
        // The built plugin in a process of its own, as Helm runs it: in-process, the upload would
        // share the test runner's cooperative threads (two on a 2-core machine) with every suite
        // beside it, and its timing would be the test run's.
        do {
            return try await ProcessRunner.run(try BuiltProducts.directory() + "/helm-harbor", ["push"] + arguments, environment: variables)
        } catch {
            return CompletedProcess(status: -1, stdout: "", stderr: "could not run helm-harbor: \(error)")
        }
    }

    static func uploads(_ requests: [SandboxRequest]) -> [SandboxRequest] {
        requests.filter { $0.path.hasPrefix("/v2/") && ["POST", "PUT", "PATCH"].contains($0.method) }
    }

    @Test("push, then a re-push sends only the manifest")
    func pushAndRepush() async throws {
        let sandbox = try await Self.sandbox.get()
        let scratch = try Scratch()
        let file = try await PackagedChart.make("demo", in: scratch)
        try await sandbox.clearRequests()
        let first = await Self.push([file.path, "\(sandbox.host)/team"], home: scratch)
        #expect(first.status == 0, "\(first.stderr)")
        let digest = ChartManifest(archive: try ChartArchive.read(file)).digest
        #expect(first.stdout == "Pushed: \(sandbox.host)/team/demo:0.1.0\nDigest: \(digest)\n")
        let firstUploads = Self.uploads(try await sandbox.requests())
        #expect(firstUploads.contains { $0.method == "PUT" && $0.path.contains("/blobs/uploads/") })

        try await sandbox.clearRequests()
        let second = await Self.push([file.path, "oci://\(sandbox.host)/team", "--format", "json"], home: scratch)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("\"existed\""))
        #expect(!second.stdout.contains("\"uploaded\""))
        // The authentication layer may send a request twice (401 challenge, then with a token): count what was accepted.
        let secondUploads = Self.uploads(try await sandbox.requests()).filter { ($0.status ?? 0) < 400 }
        #expect(secondUploads.map { "\($0.method) \($0.path)" } == ["PUT /v2/team/demo/manifests/0.1.0"])
    }

    @Test("no push right: a precise error before any byte is sent", arguments: [
        ("victor", "team", "your role there is guest (VIEWER in the DevOps portal)"),
        ("lisa", "team", "your role there is limited guest (VIEWER in the DevOps portal)"),
        ("alice", "nosuchproject", "the project does not exist, or you are not a member of it"),
        ("victor", "other", "the project does not exist, or you are not a member of it"),
    ])
    func denied(_ user: String, _ project: String, _ expected: String) async throws {
        let sandbox = try await Self.sandbox.get()
        let scratch = try Scratch()
        let file = try await PackagedChart.make("demo", in: scratch)
        try await sandbox.clearRequests()
        let result = await Self.push([file.path, "\(sandbox.host)/\(project)"], user: user, home: scratch)
        #expect(result.status == 11)
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(result.stderr.contains("Nothing was uploaded"))
        #expect(Self.uploads(try await sandbox.requests()).isEmpty)
        #expect(!(try await sandbox.requests()).contains { $0.method == "HEAD" })
    }

    @Test("expired or wrong secret: the 30-day rule and the UI link, nothing uploaded")
    func expired() async throws {
        let sandbox = try await Self.sandbox.get()
        let scratch = try Scratch()
        let file = try await PackagedChart.make("demo", in: scratch)
        try await sandbox.clearRequests()
        let result = await Self.push([file.path, "\(sandbox.host)/team"], user: "old", home: scratch)
        #expect(result.status == 3)
        #expect(result.stderr.contains("rejected the credentials for old"), "\(result.stderr)")
        #expect(result.stderr.contains("30 days"))
        #expect(result.stderr.contains("Log in at http://\(sandbox.host)"))
        #expect(!result.stderr.contains("Old-secret-1"))
        #expect(Self.uploads(try await sandbox.requests()).isEmpty)
    }

    @Test("'+' in the version: tag with '_' and Helm's notice; the provenance file goes along")
    func plusAndProvenance() async throws {
        let sandbox = try await Self.sandbox.get()
        let scratch = try Scratch()
        let file = try await PackagedChart.make("plus", in: scratch, chartYAML: "apiVersion: v2\nname: plus\nversion: 1.0.0+build.7\n")
        try "signed\n".write(to: URL(fileURLWithPath: file.path + ".prov"), atomically: true, encoding: .utf8)
        let result = await Self.push([file.path, "\(sandbox.host)/team"], home: scratch)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Pushed: \(sandbox.host)/team/plus:1.0.0_build.7\n"))
        #expect(result.stdout.contains("\(sandbox.host)/team/plus:1.0.0_build.7 contains an underscore."))
        #expect(result.stdout.contains("OCI artifact references (e.g. tags) do not support the plus sign (+)."))
        let manifest = try await sandboxGet(sandbox, "/v2/team/plus/manifests/1.0.0_build.7", accept: ChartManifest.manifestMediaType)
        #expect(manifest.contains(ChartManifest.provenanceLayerMediaType))
        let artifacts = try await sandboxGet(sandbox, "/api/v2.0/projects/team/repositories/plus/artifacts")
        #expect(artifacts.contains("\"CHART\""), "\(artifacts)")
    }

    @Test("several charts in one call, each reported; the default project from HARBOR_PROJECT")
    func several() async throws {
        let sandbox = try await Self.sandbox.get()
        let scratch = try Scratch()
        var files: [String] = []
        for name in ["one", "two", "three", "four"] {
            let directory = try Scratch()
            await files.append(try PackagedChart.make(name, in: directory).path)
            try FileManager.default.copyItem(atPath: files.last!, toPath: scratch.path("\(name)-0.1.0.tgz").path)
        }
        files = ["one", "two", "three", "four"].map { scratch.path("\($0)-0.1.0.tgz").path }
        let result = await Self.push(files, home: scratch, extra: ["HARBOR_INSTANCE": sandbox.host, "HARBOR_PROJECT": "other"])
        #expect(result.status == 0, "\(result.stderr)")
        for name in ["one", "two", "three", "four"] { #expect(result.stdout.contains("Pushed: \(sandbox.host)/other/\(name):0.1.0")) }
    }

    @Test("credentials as 'helm harbor login' stored them (no HARBOR_* variables)")
    func storedCredentials() async throws {
        let sandbox = try await Self.sandbox.get()
        let scratch = try Scratch()
        let file = try await PackagedChart.make("stored", in: scratch)
        let environment = ProcessEnvironment(variables: [
            "HOME": scratch.url.path, "PATH": "/usr/bin:/bin", "DOCKER_CONFIG": scratch.path("docker").path,
            "HELM_REGISTRY_CONFIG": scratch.path("helm/registry.json").path,
        ])
        let secret = Data("Alice-secret-1".utf8)
        let input = InputSource(isInteractive: false, readAll: { secret }, readLine: { _ in nil }, readSecret: { _ in nil })
        let login = CapturedOutput()
        let loggedIn = await HelmPluginMain.run(arguments: ["login", sandbox.host, "-u", "alice", "--password-stdin", "--file-store"], environment: environment, output: login.output, input: input, network: .live)
        #expect(loggedIn == 0, "\(login.stderr)")
        let pushed = CapturedOutput()
        let status = await HelmPluginMain.run(arguments: ["push", file.path, "\(sandbox.host)/team"], environment: environment, output: pushed.output, network: .live)
        #expect(status == 0, "\(pushed.stderr)")
        #expect(pushed.stdout.hasPrefix("Pushed: \(sandbox.host)/team/stored:0.1.0\n"))
        let anonymous = CapturedOutput()
        let refused = await HelmPluginMain.run(arguments: ["push", file.path, "\(sandbox.host)/team"], environment: ProcessEnvironment(variables: ["HOME": scratch.path("empty").path, "PATH": "/usr/bin:/bin"]), output: anonymous.output, network: .live)
        #expect(refused == 12, "not logged in: HarborCore.ExitStatus.notLoggedIn, as in every command")
        #expect(anonymous.stderr.contains("not logged in to \(sandbox.host)"))
    }

    @Test("a progress bar on a terminal for large charts; nothing extra when stderr is not a terminal or with --quiet")
    func progressBar() async throws {
        let sandbox = try await Self.sandbox.get()
        let scratch = try Scratch()
        let chart = scratch.path("large")
        try FileManager.default.createDirectory(at: chart, withIntermediateDirectories: true)
        try "apiVersion: v2\nname: large\nversion: 1.0.0\n".write(to: chart.appendingPathComponent("Chart.yaml"), atomically: true, encoding: .utf8)
        let random = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/dev/urandom"))
        for index in 0..<3 { try (try random.read(upToCount: 4 * 1_048_576) ?? Data()).write(to: chart.appendingPathComponent("data\(index).bin")) }
        let file = scratch.path("large-1.0.0.tgz")
        let tarred = try await ProcessRunner.run("/bin/tar", ["-czf", file.path, "-C", scratch.url.path, "large"])
        try #require(tarred.status == 0, "\(tarred)")
        let binary = URL(fileURLWithPath: try BuiltProducts.directory() + "/helm-harbor")
        let environment = ["HOME": scratch.url.path, "HARBOR_USERNAME": "alice", "HARBOR_CLI_SECRET": "Alice-secret-1", "HARBOR_INSTANCE": sandbox.host]
        let command = "\(binary.path) push \(file.path) http://\(sandbox.host)/team"
        // util-linux script(1) gives the command a real pseudo-terminal.
        let onTerminal = try await ProcessRunner.run(try requireTool("script").path, ["-qfec", command, "/dev/null"], environment: ProcessRunner.inheritedEnvironment(adding: environment))
        #expect(onTerminal.status == 0, "\(onTerminal.stdout)")
        #expect(onTerminal.stdout.contains("\rlarge:1.0.0 ["), "\(onTerminal.stdout)")
        #expect(onTerminal.stdout.contains("100%"))
        #expect(onTerminal.stdout.contains("Pushed: \(sandbox.host)/team/large:1.0.0"))
        // Fresh projects, so that these upload every byte too.
        let quietCommand = "\(binary.path) push \(file.path) http://\(sandbox.host)/other --quiet"
        let quiet = try await ProcessRunner.run(try requireTool("script").path, ["-qfec", quietCommand, "/dev/null"], environment: ProcessRunner.inheritedEnvironment(adding: environment))
        #expect(quiet.status == 0)
        #expect(quiet.stdout.isEmpty, "\(quiet.stdout)")
        let piped = try await ProcessRunner.run(binary.path, ["push", file.path, "http://\(sandbox.host)/open"], environment: ProcessRunner.inheritedEnvironment(adding: environment))
        #expect(piped.status == 0)
        #expect(piped.stdout.hasPrefix("Pushed: \(sandbox.host)/open/large:1.0.0\n"))
        #expect(piped.stderr.isEmpty, "\(piped.stderr)")
    }

    @Test("failing server: retried, then a clear error")
    func failingServer() async throws {
        let sandbox = try await Self.sandbox.get()
        let scratch = try Scratch()
        let file = try await PackagedChart.make("flaky", in: scratch)
        try await sandbox.setFaults([SandboxFault(pathPrefix: "/v2/team/flaky/blobs/uploads", method: "POST", status: 503, times: 1)])
        let recovered = await Self.push([file.path, "\(sandbox.host)/team"], home: scratch)
        #expect(recovered.status == 0, "\(recovered.stderr)")

        let brokenScratch = try Scratch()
        let broken = try await PackagedChart.make("broken", in: brokenScratch)
        try await sandbox.setFaults([SandboxFault(pathPrefix: "/v2/team/broken/blobs/uploads", method: "POST", status: 503)])
        let failed = await Self.push([broken.path, "\(sandbox.host)/team"], home: scratch)
        try await sandbox.clearFaults()
        // A server error exits 9 in every command (README, "Exit codes").
        #expect(failed.status == 9, "\(failed.stderr)")
        #expect(failed.stderr.contains("the registry answered 503"), "\(failed.stderr)")
        #expect(failed.stderr.contains("the chart was not pushed"))
    }

    @Test("stalled server: retried, then a clear error within the timeout")
    func stalledServer() async throws {
        let sandbox = try await Self.sandbox.get()
        let scratch = try Scratch()
        let file = try await PackagedChart.make("stall", in: scratch)
        try await sandbox.setFaults([SandboxFault(pathPrefix: "/v2/team/stall/manifests", method: "PUT", stall: true)])
        let result = await Self.push([file.path, "\(sandbox.host)/team", "--timeout", "2"], home: scratch)
        try await sandbox.clearFaults()
        // No answer in time exits 7 in every command (README, "Exit codes").
        #expect(result.status == 7, "\(result.stderr)")
        // The command's deadline ends the retries: no attempt after the 2 s are up.
        #expect(result.stderr.contains("storing the manifest team/stall:0.1.0: not done within 2 s"), "\(result.stderr)")
    }

    @Test("bad input: a clear error and nothing pushed", arguments: [
        ("missing", "the file does not exist"),
        ("directory", "the file is a directory"),
        ("yaml", "is not a gzip-compressed chart archive"),
        ("upper", "upper-case letters are not allowed"),
        ("badversion", "version \"one\" is invalid"),
        ("http", "refusing to send credentials to registry.example.com over plain HTTP"),
        ("unknownproject", "the project does not exist, or you are not a member of it"),
    ])
    func badInput(_ kind: String, _ expected: String) async throws {
        let sandbox = try await Self.sandbox.get()
        let scratch = try Scratch()
        var target = "\(sandbox.host)/team"
        let file: String
        switch kind {
        case "missing": file = scratch.path("absent-1.0.0.tgz").path
        case "directory": file = scratch.url.path
        case "yaml":
            file = scratch.path("Chart.yaml").path
            try "name: x\n".write(toFile: file, atomically: true, encoding: .utf8)
        case "upper": file = try await PackagedChart.make("upper", in: scratch, chartYAML: "apiVersion: v2\nname: Upper\nversion: 1.0.0\n").path
        case "badversion": file = try await PackagedChart.make("badv", in: scratch, chartYAML: "apiVersion: v2\nname: badv\nversion: one\n").path
        case "http":
            file = try await PackagedChart.make("demo", in: scratch).path
            target = "http://registry.example.com/team"
        default:
            file = try await PackagedChart.make("demo", in: scratch).path
            target = "\(sandbox.host)/nope"
        }
        try await sandbox.clearRequests()
        let result = await Self.push([file, target], home: scratch)
        #expect(result.status != 0)
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(Self.uploads(try await sandbox.requests()).isEmpty)
    }

    /// A chart of about 4.5 MiB of incompressible bytes (above the size from which Harbor is
    /// asked where a blob already is), laid out as `helm package` lays it out.
    static func largeChart(_ name: String, in scratch: Scratch) async throws -> URL {
        let directory = scratch.path("large/\(name)/files")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "apiVersion: v2\nname: \(name)\nversion: 1.0.0\n".write(to: scratch.path("large/\(name)/Chart.yaml"), atomically: true, encoding: .utf8)
        let random = try #require(FileHandle(forReadingAtPath: "/dev/urandom"))
        try random.readData(ofLength: Int(MountSourceFinder.discoveryThreshold) + 400_000).write(to: directory.appendingPathComponent("data.bin"))
        let tarred = try await ProcessRunner.run("/bin/tar", ["-czf", scratch.path("\(name)-1.0.0.tgz").path, "-C", scratch.path("large").path, name])
        #expect(tarred.status == 0, "tar: \(tarred.stderr)")
        return scratch.path("\(name)-1.0.0.tgz")
    }

    /// What `--format json` said happened to each blob of the first chart.
    static func blobOutcomes(_ stdout: String) -> [String: String] {
        guard let list = try? JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [[String: Any]] else { return [:] }
        return list.first?["blobs"] as? [String: String] ?? [:]
    }

    static func mounts(_ requests: [SandboxRequest]) -> [SandboxRequest] {
        requests.filter { $0.method == "POST" && ($0.query ?? "").contains("mount=") }
    }

    @Test("the same chart pushed to a second project is mounted from the first, not uploaded again")
    func mountFromEarlierPush() async throws {
        let sandbox = try await Self.sandbox.get()
        let scratch = try Scratch()
        let file = try await PackagedChart.make("promoted", in: scratch)
        let archive = try ChartArchive.read(file)
        let first = await Self.push([file.path, "\(sandbox.host)/team"], home: scratch)
        #expect(first.status == 0, "\(first.stderr)")

        try await sandbox.clearRequests()
        let second = await Self.push([file.path, "\(sandbox.host)/other", "--format", "json"], home: scratch)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(Self.blobOutcomes(second.stdout)[archive.digest] == "mounted", "\(second.stdout)")
        let requests = try await sandbox.requests()
        // Chart layer and config blob both mounted; nothing uploaded, no upload even started.
        let mounted = Self.mounts(requests).filter { $0.status == 201 }
        #expect(mounted.count == 2)
        #expect(mounted.allSatisfy { $0.path == "/v2/other/promoted/blobs/uploads/" && ($0.query ?? "").contains("from=team/promoted") })
        #expect(mounted.contains { ($0.query ?? "").contains("mount=\(archive.digest)") })
        #expect(!Self.uploads(requests).contains { $0.method == "PUT" && $0.path.contains("/blobs/uploads/") }, "\(requests)")
        #expect(Self.blobOutcomes(second.stdout).values.allSatisfy { $0 == "mounted" }, "\(second.stdout)")
        let pulled = try await sandboxGet(sandbox, "/v2/other/promoted/manifests/0.1.0", accept: ChartManifest.manifestMediaType)
        #expect(pulled.contains(archive.digest))
    }

    @Test("over TLS with --ca-file: a chart of many pieces arrives whole")
    func overTLS() async throws {
        let sandbox = try await SandboxProcess.start(fixture: Self.fixture, tls: true)
        defer { sandbox.stop() }
        let scratch = try Scratch()
        let file = try await Self.largeChart("secure", in: scratch)
        let archive = try ChartArchive.read(file)
        let caFile = try #require(sandbox.caFile)
        let pushed = await Self.push([file.path, "\(sandbox.host)/team", "--ca-file", caFile.path, "--format", "json"], home: scratch, instance: sandbox.host)
        #expect(pushed.status == 0, "\(pushed.stderr)")
        #expect(Self.blobOutcomes(pushed.stdout)[archive.digest] == "uploaded", "\(pushed.stdout)")
        // The registry checks each blob's bytes against its digest and the manifest's blobs
        // against what it holds: an accepted manifest means every piece arrived, in order.
        #expect(pushed.stdout.contains("\"digest\" : \"\(ChartManifest(archive: archive).digest)\""), "\(pushed.stdout)")
    }

    @Test("a large chart already in another project is found on Harbor and mounted, though this machine never pushed it")
    func mountFoundOnHarbor() async throws {
        let sandbox = try await Self.sandbox.get()
        let scratch = try Scratch()
        let file = try await Self.largeChart("found", in: scratch)
        let archive = try ChartArchive.read(file)
        // Pushed from another machine (another HOME, so another record).
        let elsewhere = await Self.push([file.path, "\(sandbox.host)/open"], home: try Scratch())
        #expect(elsewhere.status == 0, "\(elsewhere.stderr)")

        try await sandbox.clearRequests()
        let pushed = await Self.push([file.path, "\(sandbox.host)/team", "--format", "json"], home: try Scratch())
        #expect(pushed.status == 0, "\(pushed.stderr)")
        #expect(Self.blobOutcomes(pushed.stdout)[archive.digest] == "mounted", "\(pushed.stdout)")
        let requests = try await sandbox.requests()
        #expect(requests.contains { $0.method == "GET" && $0.path == "/api/v2.0/projects" && $0.status == 200 })
        #expect(Self.mounts(requests).contains { $0.status == 201 && ($0.query ?? "").contains("from=open/found") })
        #expect(!requests.contains { $0.method == "PATCH" || ($0.method == "PUT" && ($0.query ?? "").contains(archive.digest)) })
    }

    @Test("a source the account may not read is skipped: the chart is uploaded and pushed all the same")
    func mountRefused() async throws {
        let sandbox = try await Self.sandbox.get()
        let scratch = try Scratch()
        let file = try await Self.largeChart("guarded", in: scratch)
        let archive = try ChartArchive.read(file)
        let bob = await Self.push([file.path, "\(sandbox.host)/vault"], user: "bob", home: try Scratch())
        #expect(bob.status == 0, "\(bob.stderr)")
        // This machine remembers the blob in bob's project, which alice may not read.
        BlobSourceRecord(root: scratch.path(".cache/harbor/blob-sources").path, host: sandbox.host).record([archive.digest], in: "vault/guarded")

        try await sandbox.clearRequests()
        let pushed = await Self.push([file.path, "\(sandbox.host)/team", "--format", "json"], home: scratch)
        #expect(pushed.status == 0, "\(pushed.stderr)")
        #expect(Self.blobOutcomes(pushed.stdout)[archive.digest] == "uploaded", "\(pushed.stdout)")
        let requests = try await sandbox.requests()
        let attempts = Self.mounts(requests)
        #expect(!attempts.isEmpty && attempts.allSatisfy { ($0.status ?? 0) == 401 || ($0.status ?? 0) == 403 }, "\(attempts)")
        let blob = try await sandboxGet(sandbox, "/v2/team/guarded/manifests/1.0.0", accept: ChartManifest.manifestMediaType)
        #expect(blob.contains(archive.digest))
        // Now the record knows the chart in team as well.
        #expect(BlobSourceRecord(root: scratch.path(".cache/harbor/blob-sources").path, host: sandbox.host).repositories(holding: archive.digest) == ["team/guarded", "vault/guarded"])
    }

    func sandboxGet(_ sandbox: SandboxProcess, _ path: String, accept: String? = nil) async throws -> String {
        var request = HTTPClientRequest(url: sandbox.baseURL.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + path)
        request.headers.add(name: "Authorization", value: "Basic " + Data("alice:Alice-secret-1".utf8).base64EncodedString())
        if let accept { request.headers.add(name: "Accept", value: accept) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        return String(buffer: try await response.body.collect(upTo: 1 << 20))
    }
}
