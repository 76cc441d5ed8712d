import Foundation
import HarborCore
import HarborTestSupport
import Testing

/// Secrets go to the server they belong to and nowhere else: not across a redirect to another
/// host:port (a blob HEAD/GET sent to storage, a REST call sent elsewhere), not to a token realm
/// on another server, and over plain HTTP only to loopback. "Another server" is a
/// `HygieneCatcher`, which records every byte it gets; the sandbox points clients at it with its
/// `--elsewhere` switches (CrossHostSwitches).
struct SecretHygieneCrossHostTests {
    static let account = HygieneAccount.encoded
    static let fixture = SandboxFixture(
        users: [.init(account.username, secret: account.secret)],
        projects: [.init("pkey", members: [.init(account.username, .developer)], repositories: [.init("hygchart", kind: .chart, tags: ["0.1.0"])])])

    static let redirectCatcher = Result { try HygieneCatcher() }
    static let realmCatcher = Result { try HygieneCatcher() }

    /// Projects listings and blob downloads/checks of `pkey/tablechart` answered 307 to the catcher.
    static let redirecting = SharedSandbox(
        fixture: fixture,
        extraArguments: [
            "--elsewhere", "http://\((try? redirectCatcher.get().host) ?? "127.0.0.1:1")",
            "--redirect-elsewhere", "/api/v2.0/projects", "--redirect-elsewhere", "/v2/pkey/tablechart/blobs/sha256:",
        ])
    /// Bearer challenges name the catcher's /service/token.
    static let foreignRealm = SharedSandbox(
        fixture: fixture, extraArguments: ["--elsewhere", "http://\((try? realmCatcher.get().host) ?? "127.0.0.1:1")", "--token-realm-elsewhere"])

    /// docker's config.json in a fresh HOME with the account's secret for `host`, as `docker login` leaves it.
    static func home(loggedInTo host: String) async throws -> (TestHome, [String: String]) {
        let home = try await TestHome.installed()
        let auth = Data("\(account.username):\(account.secret)".utf8).base64EncodedString()
        try home.write(#"{"auths":{"\#(host)":{"auth":"\#(auth)"}}}"#, to: ".docker/config.json")
        return (home, try SecretHygieneTests.dockerEnvironment(home))
    }

    static func expectNothingReached(_ catcher: HygieneCatcher, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!catcher.sawAuthorization, "another server got an Authorization header: \(catcher.received)", sourceLocation: sourceLocation)
        for received in catcher.received {
            let leaks = account.leaks(in: received)
            #expect(leaks.isEmpty, "\(leaks) reached another server: \(received)", sourceLocation: sourceLocation)
        }
    }

    @Test func redirectsToAnotherHostCarryNoSecret() async throws {
        let catcher = try Self.redirectCatcher.get()
        let sandbox = try await Self.redirecting.get()
        let (home, environment) = try await Self.home(loggedInTo: sandbox.host)
        let helm = try await Helm(version: Helm.versions.last!, home: home.path + "/helm")
        defer { helm.remove() }

        // A REST call redirected: followed without credentials; the other server's 404 is the answer.
        let projects = try await HygieneRunner.run("docker -D harbor projects", "docker", ["-D", "harbor", "projects", "--instance", sandbox.host], environment: environment)
        #expect(projects.status != 0, "\(projects)")
        #expect(catcher.received.contains { $0.hasPrefix("GET /api/v2.0/projects") }, "the redirect was followed: \(catcher.received)")
        expectNoLeak(projects, of: [Self.account])

        // Blob checks redirected (as a registry hands blobs to its storage): the chart is pushed,
        // the storage saw the HEADs, without credentials.
        let chart = try await FailureTableTests.packageChart(with: helm, version: "0.3.0")
        var helmEnvironment = helm.environment
        helmEnvironment["DOCKER_CONFIG"] = home.dockerConfig
        helmEnvironment["HELM_DEBUG"] = "true"
        let push = try await HygieneRunner.run("helm --debug harbor push", helm.binary, ["--debug", "harbor", "push", chart, "\(sandbox.host)/pkey"], environment: helmEnvironment)
        #expect(push.status == 0, "\(push)")
        #expect(catcher.received.contains { $0.hasPrefix("HEAD /v2/pkey/tablechart/blobs/sha256:") }, "the blob check went to the other server: \(catcher.received)")
        expectNoLeak(push, of: [Self.account])
        Self.expectNothingReached(catcher)
    }

    @Test func aTokenRealmOnAnotherHostGetsNoSecret() async throws {
        let catcher = try Self.realmCatcher.get()
        let sandbox = try await Self.foreignRealm.get()
        let (home, environment) = try await Self.home(loggedInTo: sandbox.host)
        let helm = try await Helm(version: Helm.versions.last!, home: home.path + "/helm")
        defer { helm.remove() }
        let chart = try await FailureTableTests.packageChart(with: helm, version: "0.4.0")
        var helmEnvironment = helm.environment
        helmEnvironment["DOCKER_CONFIG"] = home.dockerConfig
        let push = try await HygieneRunner.run("helm harbor push", helm.binary, ["harbor", "push", chart, "\(sandbox.host)/pkey"], environment: helmEnvironment)
        // helm harbor push exits with the failure's own status (PushCommand.report): the realm
        // on another server is an unexpected answer, as in every other command.
        #expect(push.status == HarborCore.ExitStatus.unexpectedAnswer, "\(push)")
        #expect(push.result.stderr.contains("another server") && push.result.stderr.contains(catcher.host) && push.result.stderr.contains("not sent"), "says which server and that the secret stayed: \(push)")
        expectNoLeak(push, of: [Self.account])

        let dockerPush = try await HygieneRunner.run("docker -D harbor push", "docker", ["-D", "harbor", "push", "\(sandbox.host)/pkey/hygapp:1"], environment: environment)
        #expect(dockerPush.status != 0, "\(dockerPush)")
        expectNoLeak(dockerPush, of: [Self.account])
        Self.expectNothingReached(catcher)
    }

    /// A server on this machine's own non-loopback address (127.0.0.2 would still be loopback):
    /// TLS is tried, a plain-HTTP answer is not taken for an invitation, an `http://` target is refused.
    @Test func plainHTTPOnlyToLoopback() async throws {
        let address = try #require(nonLoopbackIPv4(), "this machine has no IPv4 address outside 127/8 (see `ip -4 addr`)")
        let catcher = try HygieneCatcher(address: address)
        let (home, environment) = try await Self.home(loggedInTo: catcher.host)
        let helm = try await Helm(version: Helm.versions.last!, home: home.path + "/helm")
        defer { helm.remove() }
        let chart = try await FailureTableTests.packageChart(with: helm, version: "0.5.0")
        var helmEnvironment = helm.environment
        helmEnvironment["DOCKER_CONFIG"] = home.dockerConfig

        var runs: [TracedRun] = []
        func run(_ label: String, _ executable: String, _ arguments: [String], _ environment: [String: String], stdin: String? = nil, expect status: HarborCore.ExitStatus) async throws {
            let result = try await HygieneRunner.run(label, executable, arguments, environment: environment, stdin: stdin)
            #expect(result.status == status, "\(result)")
            runs.append(result)
        }
        try await run("login", "docker", ["-D", "harbor", "login", catcher.host, "-u", Self.account.username, "--password-stdin"], environment, stdin: Self.account.secret, expect: .tlsFailure)
        try await run("projects", "docker", ["-D", "harbor", "projects", "--instance", catcher.host], environment, expect: .tlsFailure)
        try await run("status", "docker", ["-D", "harbor", "status", catcher.host, "--check"], environment, expect: .tlsFailure)
        try await run("helm push", helm.binary, ["--debug", "harbor", "push", chart, "\(catcher.host)/pkey"], helmEnvironment, expect: .tlsFailure)
        try await run("helm push http://", helm.binary, ["--debug", "harbor", "push", chart, "http://\(catcher.host)/pkey"], helmEnvironment, expect: .insecureTransport)
        for run in runs { expectNoLeak(run, of: [Self.account]) }
        #expect(!catcher.received.isEmpty, "TLS was tried")
        #expect(catcher.received.allSatisfy { $0.utf8.first == 0x16 }, "only TLS client hellos, never a plain request: \(catcher.received)")
        Self.expectNothingReached(catcher)
    }
}
