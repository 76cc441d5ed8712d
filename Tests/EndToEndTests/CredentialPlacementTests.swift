import Foundation
import HarborCore
import HarborTestSupport
import Testing

/// A sandbox Harbor with a private chart: only members of `pkey` may pull it.
enum PlacementFixture {
    static let secret = "AliceCli1secret"
    static let fixture = SandboxFixture(
        users: [.init("alice", secret: secret)],
        robots: [.init("robot$pkey+ci", secret: "RobotCi1secret")],
        projects: [.init("pkey", members: [.init("alice", .developer)], repositories: [.init("demo", kind: .chart, tags: ["0.1.0"])])])
}

enum SharedPlacementSandbox {
    static let shared = SharedSandbox(fixture: PlacementFixture.fixture)
}

/// A real Helm binary of one version (`Helm.binary(version:)`), pulling the fixture's chart.
struct RealHelm {
    let version: String
    let path: String

    init(_ version: String) throws {
        self.version = version
        path = try Helm.binary(version: version)
    }

    /// `helm pull oci://HOST/pkey/demo --version 0.1.0`; Helm 3.17+/4 need `--plain-http` for the
    /// plain-HTTP sandbox, 3.9 has no such flag and speaks HTTP to 127.0.0.1 by itself.
    func pullDemo(from host: String, into directory: String, environment: [String: String]) async throws -> CompletedProcess {
        var arguments = ["pull", "oci://\(host)/pkey/demo", "--version", "0.1.0", "--destination", directory]
        if !version.hasPrefix("3.9.") { arguments.append("--plain-http") }
        return try await ProcessRunner.run(path, arguments, environment: environment)
    }
}

/// One secret, one place (issue 11): `docker harbor login` stores exactly where `docker login`
/// would, with real pass (throwaway GPG key), real docker-credential-pass and real Helm.
@Suite(.serialized)
struct CredentialPlacementTests {
    let home: TestHome
    let environment: [String: String]

    init() async throws {
        home = try await TestHome.installed()
        // Where the secret goes is what these tests are about: no HARBOR_STORE.
        environment = home.dockerEnvironment.filter { $0.key != "HARBOR_STORE" }
    }

    var helmConfigPath: String { home.path + "/.config/helm/registry/config.json" }

    func docker(_ arguments: [String], stdin: String? = nil, environment extra: [String: String] = [:]) async throws -> CompletedProcess {
        try await ProcessRunner.run("docker", arguments, environment: environment.merging(extra) { $1 }, stdin: stdin)
    }

    /// `pass init` with a fresh GPG key in this HOME; the environment for it.
    static func holdsSecret(_ text: String) -> Bool {
        text.contains(PlacementFixture.secret) || text.contains(Data("alice:\(PlacementFixture.secret)".utf8).base64EncodedString())
            || text.contains(Data(PlacementFixture.secret.utf8).base64EncodedString())
    }

    func json(_ relative: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(home.read(relative).utf8)) as? [String: Any] ?? [:]
    }

    @Test func anEmptyConfigGoesToPassAndHelmPullsWithIt() async throws {
        let sandbox = try await SharedPlacementSandbox.shared.get()
        let helms = try [RealHelm("3.9.4"), RealHelm("4.3.1")]
        let pass = try await home.initialisedPassStore(environment)
        defer { home.stopPassAgent(pass) }
        try home.write("{}\n", to: ".docker/config.json")
        // An older login in Helm's own file would shadow the new one.
        let stale = Data("alice:old-secret".utf8).base64EncodedString()
        try home.write("{\n\t\"auths\": {\n\t\t\"\(sandbox.host)\": {\n\t\t\t\"auth\": \"\(stale)\"\n\t\t}\n\t}\n}\n", to: ".config/helm/registry/config.json")

        let login = try await docker(["harbor", "login", sandbox.host, "-u", "alice", "--password-stdin"], stdin: PlacementFixture.secret, environment: pass)
        #expect(login.status == 0, "\(login)")
        #expect(login.stdout.contains("Credentials stored in docker-credential-pass (docker and Helm, which reads docker's store)"), "\(login)")
        #expect(login.stdout.contains("Removed the older login for \(sandbox.host) from Helm's registry config (\(helmConfigPath))"), "\(login)")
        #expect(!login.stderr.contains("unencrypted"), "\(login)")

        // What docker login writes: credsStore and an empty placeholder.
        let config = try json(".docker/config.json")
        #expect(config["credsStore"] as? String == "pass")
        #expect(((config["auths"] as? [String: Any])?[sandbox.host] as? [String: Any])?.isEmpty == true, "\(config)")
        // The secret is in pass and in neither file.
        let get = try await ProcessRunner.run("docker-credential-pass", ["get"], environment: pass, stdin: sandbox.host)
        #expect(get.stdout.contains("\"Username\":\"alice\"") && get.stdout.contains(PlacementFixture.secret), "docker-credential-pass get")
        #expect(!Self.holdsSecret(try home.read(".docker/config.json")))
        #expect(!Self.holdsSecret(try home.read(".config/helm/registry/config.json")))
        #expect(!(try home.read(".config/helm/registry/config.json")).contains(stale), "the stale entry is gone")
        // Nothing but config.json (and the installed plugin) in either directory.
        #expect(try FileManager.default.contentsOfDirectory(atPath: home.dockerConfig).sorted() == ["cli-plugins", "config.json"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: home.path + "/.config/helm/registry") == ["config.json"])

        // Real Helm pulls the private chart with docker's pass entry.
        for helm in helms {
            let destination = home.path + "/pulled-\(helm.version)"
            try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
            let pull = try await helm.pullDemo(from: sandbox.host, into: destination, environment: pass)
            #expect(pull.status == 0, "helm \(helm.version): \(pull)")
            #expect(FileManager.default.fileExists(atPath: destination + "/demo-0.1.0.tgz"), "helm \(helm.version)")
        }

        // Logout names the place the secret really was.
        let logout = try await docker(["harbor", "logout", sandbox.host], environment: pass)
        #expect(logout.status == 0, "\(logout)")
        #expect(logout.stdout == "Removing login credentials for \(sandbox.host)\n  removed from docker (docker-credential-pass)\n", "\(logout)")
        let list = try await ProcessRunner.run("docker-credential-pass", ["list"], environment: pass)
        #expect(!list.stdout.contains(sandbox.host), "\(list)")
        for helm in helms {
            let destination = home.path + "/after-logout-\(helm.version)"
            try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
            let pull = try await helm.pullDemo(from: sandbox.host, into: destination, environment: pass)
            #expect(pull.status != 0, "helm \(helm.version) must not pull after logout: \(pull)")
        }

        // Nothing left: said plainly; --strict makes it an exit status.
        let again = try await docker(["harbor", "logout", sandbox.host], environment: pass)
        #expect(again.status == 0, "\(again)")
        #expect(again.stdout == "Removing login credentials for \(sandbox.host)\nnothing stored for \(sandbox.host)\n", "\(again)")
        let strict = try await docker(["harbor", "logout", sandbox.host, "--strict"], environment: pass)
        #expect(strict.status == 1, "\(strict)")
        #expect(strict.stderr.contains("nothing stored for \(sandbox.host)"), "\(strict)")
    }

    @Test func passWithoutAStoreStopsBeforeAnythingIsSentOrWritten() async throws {
        let sandbox = try await SharedPlacementSandbox.shared.get()
        for tool in ["pass", "docker-credential-pass"] { try requireTool(tool) }
        try await sandbox.clearRequests()
        let login = try await docker(["harbor", "login", sandbox.host, "-u", "alice", "--password-stdin"], stdin: PlacementFixture.secret)
        #expect(login.status == 1, "\(login)")
        #expect(login.stderr.contains("docker would use docker-credential-pass, but the password store \(home.path)/.password-store is not initialised"), "\(login)")
        #expect(login.stderr.contains("run 'pass init GPG-ID'"), "\(login)")
        #expect(login.stderr.contains("--file-store"), "\(login)")
        #expect(!FileManager.default.fileExists(atPath: home.dockerConfig + "/config.json"), "nothing written")
        #expect(!FileManager.default.fileExists(atPath: helmConfigPath))
        #expect(try await sandbox.requests().isEmpty, "the secret was not sent anywhere")

        // Asked for: plain text in config.json, with docker's warning.
        let fileStore = try await docker(["harbor", "login", sandbox.host, "-u", "alice", "--password-stdin", "--file-store"], stdin: PlacementFixture.secret)
        #expect(fileStore.status == 0, "\(fileStore)")
        #expect(fileStore.stderr.contains("WARNING! Your credentials are stored unencrypted in '\(home.dockerConfig)/config.json'."), "\(fileStore)")
        let auth = (try json(".docker/config.json")["auths"] as? [String: [String: String]])?[sandbox.host]?["auth"]
        #expect(auth == Data("alice:\(PlacementFixture.secret)".utf8).base64EncodedString())
        #expect(!FileManager.default.fileExists(atPath: helmConfigPath), "no copy for Helm")
        let logout = try await docker(["harbor", "logout", sandbox.host])
        #expect(logout.stdout.contains("  removed from docker (\(home.dockerConfig)/config.json)\n"), "\(logout)")

        // A config.json that already keeps credentials in auths keeps doing so: no default helper, no error.
        try home.write("{\n\t\"auths\": {\n\t\t\"other.example.com\": {\n\t\t\t\"auth\": \"b3RoZXI6c2VjcmV0\"\n\t\t}\n\t}\n}\n", to: ".docker/config.json")
        let existing = try await docker(["harbor", "login", sandbox.host, "-u", "alice", "--password-stdin", "-q"], stdin: PlacementFixture.secret)
        #expect(existing.status == 0, "\(existing)")
        let existingAuths = try json(".docker/config.json")["auths"] as? [String: [String: String]]
        #expect(existingAuths?[sandbox.host]?["auth"] == Data("alice:\(PlacementFixture.secret)".utf8).base64EncodedString())
        #expect(existingAuths?["other.example.com"]?["auth"] == "b3RoZXI6c2VjcmV0")
        #expect(try json(".docker/config.json")["credsStore"] == nil)

        // The same choice as a setting, checked when set.
        let bogus = try await docker(["harbor", "config", "set", "store", "plaintext"])
        #expect(bogus.status == 125, "\(bogus)")
        #expect(bogus.stderr.contains("'plaintext' is not a value for store"), "\(bogus)")
        await #expect(try docker(["harbor", "config", "set", "store", "file"]).status == 0)
        try FileManager.default.removeItem(atPath: home.dockerConfig + "/config.json")
        let viaSetting = try await docker(["harbor", "login", sandbox.host, "-u", "alice", "--password-stdin", "-q"], stdin: PlacementFixture.secret)
        #expect(viaSetting.status == 0, "\(viaSetting)")
        #expect(viaSetting.stderr.contains("WARNING! Your credentials are stored unencrypted"), "\(viaSetting)")
    }

    @Test func helmOnlyStoresInHelmsFileWithTheSameRules() async throws {
        let sandbox = try await SharedPlacementSandbox.shared.get()
        let helm = try RealHelm("4.3.1")
        let pass = try await home.initialisedPassStore(environment)
        defer { home.stopPassAgent(pass) }
        let login = try await docker(["harbor", "login", sandbox.host, "-u", "alice", "--password-stdin", "--helm-only", "-q"], stdin: PlacementFixture.secret, environment: pass)
        #expect(login.status == 0, "\(login)")
        #expect(!FileManager.default.fileExists(atPath: home.dockerConfig + "/config.json"), "docker's file untouched")
        let config = try json(".config/helm/registry/config.json")
        #expect(config["credsStore"] as? String == "pass", "\(config)")
        #expect(!Self.holdsSecret(try home.read(".config/helm/registry/config.json")))
        let destination = home.path + "/pulled"
        try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
        let pull = try await helm.pullDemo(from: sandbox.host, into: destination, environment: pass)
        #expect(pull.status == 0, "\(pull)")
        let logout = try await docker(["harbor", "logout", sandbox.host, "--helm-only"], environment: pass)
        #expect(logout.stdout.contains("  removed from Helm (docker-credential-pass)\n"), "\(logout)")
    }

    @Test func aRobotNameTheShellAteGetsAHintBeforeAnyRequest() async throws {
        let sandbox = try await SharedPlacementSandbox.shared.get()
        try await sandbox.clearRequests()
        // Unquoted in a real shell: $pkey expands to nothing.
        let result = try await ProcessRunner.run(
            "/bin/bash", ["-c", "echo RobotCi1secret | docker harbor login \(sandbox.host) -u robot$pkey+ci --password-stdin"],
            environment: environment.merging(["HARBOR_STORE": "file"]) { $1 })
        #expect(result.status == 125, "\(result)")
        #expect(result.stderr.contains("'robot+ci' looks like a robot account name whose '$PKEY' part the shell removed"), "\(result)")
        #expect(result.stderr.contains("put the name in single quotes, e.g. -u 'robot$PKEY+ci'"), "\(result)")
        #expect(try await sandbox.requests().isEmpty)
        // Quoted, it works.
        let quoted = try await ProcessRunner.run(
            "/bin/bash", ["-c", "echo RobotCi1secret | docker harbor login \(sandbox.host) -u 'robot$pkey+ci' --password-stdin -q"],
            environment: environment.merging(["HARBOR_STORE": "file"]) { $1 })
        #expect(quoted.status == 0, "\(quoted)")
    }
}
