import Foundation
import HarborCommands
import HarborCore
import HarborTestSupport
import Testing

/// The sandbox Harbor every login test talks to (OIDC mode, CLI secrets: goharbor/harbor v2.7.0,
/// src/server/middleware/security/oidc_cli.go).
enum LoginFixture {
    static let aliceSecret = "AliceCli1secret"
    static let fixture = SandboxFixture(
        users: [
            .init("alice", secret: aliceSecret),  // developer on pkey, guest on other
            .init("olga", secret: "OlgaCli1secret", expired: true),  // developer on pkey; Keycloak session lapsed
            .init("nobody", secret: "Nobody1secret"),  // member of nothing
        ],
        robots: [
            .init("robot$pkey+ci", secret: "RobotCi1secret"),
            .init("doaas-pkey+jenkins-push-harbor", secret: "Jenkins1secret"),
        ],
        projects: [
            .init("pkey", members: [.init("alice", .developer), .init("olga", .developer)], repositories: [.init("app", tags: ["1"])]),
            .init("other", members: [.init("alice", .guest)]),
            .init("library", public: true),
        ])
}

enum SharedLoginSandbox {
    static let plain = SharedSandbox(fixture: LoginFixture.fixture)
    static let tls = SharedSandbox(fixture: LoginFixture.fixture, tls: true)
}

/// `docker harbor login` and friends, installed by install.sh and run through the real docker
/// client against the sandbox Harbor (issue #4).
@Suite(.serialized)
struct LoginTests {
    let home: TestHome
    let environment: [String: String]

    init() async throws {
        home = try await TestHome.installed()
        // pass and docker-credential-pass are on PATH here but pass is not initialised in this
        // HOME: these tests ask for docker's file store (the setting store=file); the default
        // placement with a real pass is CredentialPlacementTests.
        environment = home.dockerEnvironment.merging(["HARBOR_STORE": "file"]) { $1 }
    }

    func docker(_ arguments: [String], stdin: String? = nil, environment extra: [String: String] = [:]) async throws -> CompletedProcess {
        try await ProcessRunner.run("docker", arguments, environment: environment.merging(extra) { $1 }, stdin: stdin)
    }

    func login(_ sandbox: SandboxProcess, user: String, secret: String, extra: [String] = [], environment: [String: String] = [:]) async throws -> CompletedProcess {
        try await docker(["harbor", "login", sandbox.host, "-u", user, "--password-stdin"] + extra, stdin: secret + "\n", environment: environment)
    }

    func dockerConfig() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(home.read(".docker/config.json").utf8)) as? [String: Any] ?? [:]
    }

    static func auth(_ config: [String: Any], _ host: String) -> String? {
        guard let entry = (config["auths"] as? [String: Any])?[host] as? [String: Any], let auth = entry["auth"] as? String,
              let data = Data(base64Encoded: auth) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    @Test func goodSecretIsVerifiedStoredAndExplained() async throws {
        let sandbox = try await SharedLoginSandbox.plain.get()
        try await sandbox.clearRequests()
        let result = try await login(sandbox, user: "alice", secret: LoginFixture.aliceSecret)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.hasPrefix("Login Succeeded\n"))
        #expect(result.stdout.contains("Logged in to \(sandbox.host) as alice (personal account)"))
        // Roles from the project list's current_user_role_ids (goharbor/harbor v2.7.0,
        // src/server/v2.0/handler/project.go).
        #expect(result.stdout.contains("pkey     developer      yes   yes"), "\(result)")
        #expect(result.stdout.contains("other    guest          yes   no"), "\(result)")
        #expect(result.stdout.contains("and 1 public project anyone can pull from"))
        #expect(!result.stdout.contains(LoginFixture.aliceSecret) && !result.stderr.contains(LoginFixture.aliceSecret))
        // Stored once, where docker looks; Helm reads docker's file, so its own gets no copy.
        #expect(Self.auth(try dockerConfig(), sandbox.host) == "alice:\(LoginFixture.aliceSecret)")
        #expect(!FileManager.default.fileExists(atPath: home.path + "/.config/helm/registry/config.json"))
        #expect(result.stdout.contains("Credentials stored in \(home.dockerConfig)/config.json (docker and Helm, which reads docker's store)"), "\(result)")
        #expect(result.stderr.contains("WARNING! Your credentials are stored unencrypted in '\(home.dockerConfig)/config.json'."))
        // Verified with GET /v2/ and Basic auth; never /users/current, which rejects CLI secrets
        // (goharbor/harbor v2.7.0, src/server/middleware/security/oidc_cli.go).
        let requests = try await sandbox.requests()
        #expect(requests.contains { $0.method == "GET" && $0.path == "/v2/" && $0.auth == "basic" && $0.username == "alice" && $0.status == 200 })
        #expect(!requests.contains { $0.path.hasPrefix("/api/v2.0/users") })
        // The files are private.
        let mode = try FileManager.default.attributesOfItem(atPath: home.dockerConfig + "/config.json")[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func wrongSecretIsExplainedAndNothingIsStored() async throws {
        let sandbox = try await SharedLoginSandbox.plain.get()
        let result = try await login(sandbox, user: "alice", secret: "portal-password")
        #expect(result.status == HarborCore.ExitStatus.credentialsRejected, "\(result)")
        #expect(result.stderr.contains("\(sandbox.host) rejected the credentials for alice (401 Unauthorized)"))
        #expect(result.stderr.contains("The DevOps portal password does not work here"))
        #expect(result.stderr.contains("User Profile → CLI secret"))
        #expect(result.stderr.contains("30 days without a Harbor UI login"))
        #expect(result.stderr.contains("LOGIN VIA OIDC PROVIDER"))
        #expect(!result.stderr.contains("portal-password"))
        #expect(!FileManager.default.fileExists(atPath: home.dockerConfig + "/config.json"))
        #expect(!FileManager.default.fileExists(atPath: home.path + "/.config/helm/registry/config.json"))
    }

    @Test func expiredUserGetsTheExpiryExplanation() async throws {
        let sandbox = try await SharedLoginSandbox.plain.get()
        // The plugins remember when these credentials last worked: 40 days ago.
        let past = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-40 * 86_400))
        try home.write("{\"hosts\":{\"\(sandbox.host)\":{\"olga\":{\"lastSuccess\":\"\(past)\"}}},\"version\":1}", to: ".local/state/harbor/freshness.json")
        let result = try await login(sandbox, user: "olga", secret: "OlgaCli1secret")
        #expect(result.status == HarborCore.ExitStatus.credentialsRejected, "\(result)")
        #expect(result.stderr.contains("These credentials last worked 40 days ago: the CLI secret has most likely expired."), "\(result)")
        // A plain-HTTP loopback instance: the UI is at http://.
        #expect(result.stderr.contains("Log in at http://\(sandbox.host) with LOGIN VIA OIDC PROVIDER"), "\(result)")
        // Any command reminds once a day that the secret is about to lapse.
        let reminder = try await docker(["harbor", "config", "path"])
        #expect(reminder.stderr.contains("the CLI secret of olga on \(sandbox.host) last worked 40 days ago"), "\(reminder)")
        let again = try await docker(["harbor", "config", "path"])
        #expect(!again.stderr.contains("last worked"), "once a day only")
    }

    @Test(arguments: ["robot$pkey+ci", "doaas-pkey+jenkins-push-harbor"])
    func robotAccountsBothNamings(_ robot: String) async throws {
        let sandbox = try await SharedLoginSandbox.plain.get()
        let secret = robot.hasPrefix("robot$") ? "RobotCi1secret" : "Jenkins1secret"
        let result = try await login(sandbox, user: robot, secret: secret, environment: ["CI": "true"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("as \(robot) (robot account of project pkey)"))
        // Robots have no roles in the project list; their access comes from the token service
        // (goharbor/harbor v2.7.0, src/core/service/token/creator.go).
        #expect(result.stdout.contains("pkey     robot          yes   yes"), "\(result)")
        #expect(!result.stderr.contains("personal account"), "no pipeline warning for robots")
    }

    @Test func personalAccountInAPipeline() async throws {
        let sandbox = try await SharedLoginSandbox.plain.get()
        let warned = try await login(sandbox, user: "alice", secret: LoginFixture.aliceSecret, environment: ["JENKINS_URL": "https://jenkins.example.com/"])
        #expect(warned.status == 0, "\(warned)")
        #expect(warned.stderr.contains("this looks like Jenkins, and alice is a personal account"))
        #expect(warned.stderr.contains("doaas-PKEY+jenkins-push-harbor"))
        try FileManager.default.removeItem(atPath: home.dockerConfig + "/config.json")
        let refused = try await login(sandbox, user: "alice", secret: LoginFixture.aliceSecret, extra: ["--strict"], environment: ["GITLAB_CI": "true"])
        #expect(refused.status == HarborCore.ExitStatus.pipelinePolicy, "\(refused)")
        #expect(refused.stderr.contains("refusing to log in alice, a personal account, in GitLab CI"))
        #expect(!FileManager.default.fileExists(atPath: home.dockerConfig + "/config.json"))
    }

    @Test func secretSources() async throws {
        let sandbox = try await SharedLoginSandbox.plain.get()
        // Environment variables.
        let fromEnvironment = try await docker(["harbor", "login", sandbox.host, "--quiet"], environment: ["HARBOR_USERNAME": "alice", "HARBOR_CLI_SECRET": LoginFixture.aliceSecret])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment)")
        #expect(fromEnvironment.stdout.isEmpty)
        // -p works, with docker's warning.
        let fromFlag = try await docker(["harbor", "login", sandbox.host, "-u", "alice", "-p", LoginFixture.aliceSecret, "-q"])
        #expect(fromFlag.status == 0)
        #expect(fromFlag.stderr.contains("WARNING! Using --password via the CLI is insecure. Use --password-stdin."))
        // No secret and no terminal: a clear usage error at once, never a hang.
        let none = try await docker(["harbor", "login", sandbox.host, "-u", "alice"])
        #expect(none.status == 125, "\(none)")
        #expect(none.stderr.contains("no secret given, and stdin is not a terminal to ask for one"))
        // CRLF from a Windows clipboard: one \n, then one \r are trimmed, as docker does.
        let crlf = try await docker(["harbor", "login", sandbox.host, "-u", "alice", "--password-stdin", "-q"], stdin: LoginFixture.aliceSecret + "\r\n")
        #expect(crlf.status == 0, "\(crlf)")
    }

    @Test func otherEntriesAndUnknownKeysSurvive() async throws {
        let sandbox = try await SharedLoginSandbox.plain.get()
        let original = """
            {
            \t"auths": {
            \t\t"other.example.com": {
            \t\t\t"auth": "b3RoZXI6c2VjcmV0"
            \t\t}
            \t},
            \t"unknownTopLevel": {"keep": [1, 2.50, "x"]},
            \t"plugins": {"harbor": {"hooks": ""}}
            }

            """
        try home.write(original, to: ".docker/config.json")
        let result = try await login(sandbox, user: "alice", secret: LoginFixture.aliceSecret, extra: ["-q", "--docker-only"])
        #expect(result.status == 0, "\(result)")
        let text = try home.read(".docker/config.json")
        #expect(text.contains("\"other.example.com\": {\n\t\t\t\"auth\": \"b3RoZXI6c2VjcmV0\"\n\t\t}"))
        #expect(text.contains("\"unknownTopLevel\": {\"keep\": [1, 2.50, \"x\"]}"))
        #expect(Self.auth(try dockerConfig(), sandbox.host) == "alice:\(LoginFixture.aliceSecret)")
        #expect(!FileManager.default.fileExists(atPath: home.path + "/.config/helm/registry/config.json"), "--docker-only")

        let logout = try await docker(["harbor", "logout", sandbox.host])
        #expect(logout.status == 0, "\(logout)")
        #expect(logout.stdout.contains("Removing login credentials for \(sandbox.host)"))
        #expect(try home.read(".docker/config.json") == original, "logout restores the file byte for byte")
    }

    @Test func malformedConfigIsLeftAlone() async throws {
        let sandbox = try await SharedLoginSandbox.plain.get()
        let broken = "{\n\t\"auths\": {\n\t\t\"x\": {\"auth\": \"eDp5\"},\n\t}\n"
        try home.write(broken, to: ".docker/config.json")
        let result = try await login(sandbox, user: "alice", secret: LoginFixture.aliceSecret)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("\(home.dockerConfig)/config.json"), "\(result)")
        #expect(result.stderr.contains("Error: cannot use docker's config file: \(home.dockerConfig)/config.json:4:2: not valid JSON"), "\(result)")
        #expect(try home.read(".docker/config.json") == broken)
    }

    @Test func symlinkedConfigStaysASymlink() async throws {
        let sandbox = try await SharedLoginSandbox.plain.get()
        try home.write("{}\n", to: "dotfiles/docker-config.json")
        try FileManager.default.createDirectory(atPath: home.dockerConfig, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: home.dockerConfig + "/config.json", withDestinationPath: home.path + "/dotfiles/docker-config.json")
        let result = try await login(sandbox, user: "alice", secret: LoginFixture.aliceSecret, extra: ["-q"])
        #expect(result.status == 0, "\(result)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: home.dockerConfig + "/config.json") == home.path + "/dotfiles/docker-config.json")
        #expect(try home.read("dotfiles/docker-config.json").contains(sandbox.host))
    }

    @Test func statusAndLogout() async throws {
        let sandbox = try await SharedLoginSandbox.plain.get()
        await #expect(try login(sandbox, user: "alice", secret: LoginFixture.aliceSecret, extra: ["-q"]).status == 0)
        let status = try await docker(["harbor", "status", sandbox.host, "--check"])
        #expect(status.status == 0, "\(status)")
        #expect(status.stdout.contains("User          alice (personal account)"))
        #expect(status.stdout.contains("Docker        stored in \(home.dockerConfig)/config.json"))
        #expect(status.stdout.contains("Helm          not stored (Helm falls back to docker's)"), "\(status)")
        #expect(status.stdout.contains("(today)"))
        #expect(status.stdout.contains("Check         Harbor accepts these credentials"))

        let logout = try await docker(["harbor", "logout", sandbox.host])
        #expect(logout.status == 0)
        #expect(logout.stdout.contains("  removed from docker (\(home.dockerConfig)/config.json)\n"), "\(logout)")
        #expect(!logout.stdout.contains("removed from Helm"), "Helm's file held nothing")
        #expect(Self.auth(try dockerConfig(), sandbox.host) == nil)
        #expect(!FileManager.default.fileExists(atPath: home.path + "/.config/helm/registry/config.json"), "login wrote nothing for Helm")
        let after = try await docker(["harbor", "status", sandbox.host])
        #expect(after.status == HarborCore.ExitStatus.notLoggedIn, "\(after)")
        #expect(after.stderr.contains("not logged in to \(sandbox.host)"))
    }

    @Test func helmHarborWritesHelmsRegistryConfig() async throws {
        let sandbox = try await SharedLoginSandbox.plain.get()
        var helmEnvironment = environment
        helmEnvironment["HELM_REGISTRY_CONFIG"] = home.path + "/helm-registry.json"
        helmEnvironment["HELM_PLUGIN_DIR"] = home.helmPluginDir
        helmEnvironment["HELM_DEBUG"] = "false"
        let result = try await ProcessRunner.run(home.helmPluginDir + "/bin/helm-harbor", ["login", sandbox.host, "-u", "alice", "--password-stdin", "--helm-only"], environment: helmEnvironment, stdin: LoginFixture.aliceSecret)
        #expect(result.status == 0, "\(result)")
        // Helm's format: docker's config.json shape, bare host[:port] keys (helm/helm v4.2.4
        // pkg/registry/client.go `Login`; oras-go v2.6.1 registry/remote/credentials).
        let config = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: home.path + "/helm-registry.json"))) as? [String: Any] ?? [:]
        #expect(Self.auth(config, sandbox.host) == "alice:\(LoginFixture.aliceSecret)")
        #expect(!FileManager.default.fileExists(atPath: home.dockerConfig + "/config.json"))
    }

    @Test func connectionRefused() async throws {
        // Port 9 (discard) on loopback: nothing listens there.
        let result = try await docker(["harbor", "login", "127.0.0.1:9", "-u", "alice", "--password-stdin"], stdin: "x")
        #expect(result.status == HarborCore.ExitStatus.connectionRefused, "\(result)")
        #expect(result.stderr.contains("cannot connect to 127.0.0.1:9: connection refused"))
    }

    @Test func stalledServerTimesOut() async throws {
        let sandbox = try await SharedLoginSandbox.plain.get()
        try await sandbox.setFaults([SandboxFault(pathPrefix: "/v2/", stall: true, times: 2)])
        let result = try await login(sandbox, user: "alice", secret: LoginFixture.aliceSecret, extra: ["--timeout", "2"])
        try await sandbox.clearFaults()
        #expect(result.status == HarborCore.ExitStatus.timeout, "\(result)")
        #expect(result.stderr.contains("did not answer within 2 s"))
    }

    @Test func plainHTTPOnlyToLoopback() async throws {
        let refused = try await docker(["harbor", "login", "http://harbor.example.com", "-u", "alice", "--password-stdin"], stdin: "x")
        #expect(refused.status == HarborCore.ExitStatus.insecureTransport, "\(refused)")
        #expect(refused.stderr.contains("refusing to send credentials to harbor.example.com over plain HTTP"))
        #expect(refused.stderr.contains("plain HTTP is only allowed to localhost and 127.0.0.0/8"))
        let sandbox = try await SharedLoginSandbox.plain.get()
        let loopback = try await docker(["harbor", "login", "http://\(sandbox.host)", "-u", "alice", "--password-stdin", "-q"], stdin: LoginFixture.aliceSecret)
        #expect(loopback.status == 0, "\(loopback)")
    }

    @Test func unknownHost() async throws {
        let result = try await docker(["harbor", "login", "registry-nosuchcustomer.invalid", "-u", "alice", "--password-stdin"], stdin: "x")
        #expect(result.status == HarborCore.ExitStatus.unknownHost, "\(result)")
        #expect(result.stderr.contains("cannot find host registry-nosuchcustomer.invalid"))
    }

    @Test func tlsWithAndWithoutTheCompanyCA() async throws {
        let sandbox = try await SharedLoginSandbox.tls.get()
        let caFile = try #require(sandbox.caFile).path
        let without = try await login(sandbox, user: "alice", secret: LoginFixture.aliceSecret)
        #expect(without.status == HarborCore.ExitStatus.tlsFailure, "\(without)")
        #expect(without.stderr.contains("TLS handshake with \(sandbox.host) failed"))
        #expect(without.stderr.contains("--ca-file"))
        #expect(without.stderr.contains("/etc/docker/certs.d/\(sandbox.host)/ca.crt"))
        let with = try await login(sandbox, user: "alice", secret: LoginFixture.aliceSecret, extra: ["--ca-file", caFile, "-q"])
        #expect(with.status == 0, "\(with)")
        let viaEnvironment = try await login(sandbox, user: "alice", secret: LoginFixture.aliceSecret, extra: ["-q"], environment: ["SSL_CERT_FILE": caFile])
        #expect(viaEnvironment.status == 0, "\(viaEnvironment)")
    }
}

