import Foundation
import HarborCore
import HarborTestSupport
import Testing

/// Secret hygiene: every command, run the way a user debugging a problem runs it (`docker -D`
/// with `DEBUG=1`, `helm --debug` with `HELM_DEBUG=true`), with a distinctive secret and one
/// that URL-encodes. No form of the secret (`HygieneAccount.forms`) and no token made from it may
/// show on stdout or stderr, in an error message, in the argv or environment of any program the
/// command starts (strace of every `execve`), in any file left in HOME (completion cache,
/// settings, freshness, blob sources, temporary files) or in what the sandbox logged; the files
/// that hold it by design are 0600 in 0700 directories. DebugTraceTests checks the trace lines'
/// shape; these suites check where the secret goes. The cross-host rules (redirects, token realms,
/// plain HTTP) are in SecretHygieneCrossHostTests.
///
/// Cells run concurrently, each with its own HOME, against one sandbox.
struct SecretHygieneTests {
    static let chartName = "hygchart"
    static let fixture = SandboxFixture(
        users: (HygieneAccount.all + [HygieneAccount.lapsed]).map { SandboxFixture.User($0.username, secret: $0.secret) },
        projects: [
            .init(
                "pkey", members: (HygieneAccount.all + [HygieneAccount.lapsed]).map { .init($0.username, .developer) },
                repositories: [.init(chartName, kind: .chart, tags: ["0.1.0"])])
        ])

    /// Where the sandbox keeps its data and the registry's log, so the suite can read them.
    static let sandboxData = TestScratch.root + "/hygiene-sandbox-data"
    static let sandbox = SharedSandbox(fixture: fixture, extraArguments: ["--data-dir", sandboxData])

    /// Accounts every check looks for (whichever cell runs, no secret may show anywhere).
    static let watched = HygieneAccount.all + [HygieneAccount.lapsed, HygieneAccount.mistyped]

    /// The docker environment for a cell: the plugins on PATH, `DEBUG=1`, temporary files inside
    /// HOME (so they are scanned too), and no engine (the passthrough commands start `docker
    /// pull|push|tag`, whose argv and environment are what matters here).
    static func dockerEnvironment(_ home: TestHome) throws -> [String: String] {
        var environment = home.dockerEnvironment
        environment["PATH"] = home.path + "/.local/bin:" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["DEBUG"] = "1"
        environment["TMPDIR"] = home.path + "/tmp"
        environment["DOCKER_HOST"] = "unix://\(home.path)/no-engine.sock"
        try FileManager.default.createDirectory(atPath: home.path + "/tmp", withIntermediateDirectories: true)
        return environment
    }

    /// No file below `root` holds a secret, except `holders`, which must be 0600 (and their
    /// directory not readable by others).
    static func expectCleanFiles(under root: String, holders: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) {
        for holder in holders {
            let mode = HygieneScan.mode(holder)
            #expect(mode.map { $0 & 0o077 == 0 } == true, "\(holder) has mode \(mode.map { String($0, radix: 8) } ?? "none"), want 0600", sourceLocation: sourceLocation)
            let directory = (holder as NSString).deletingLastPathComponent
            let directoryMode = HygieneScan.mode(directory) ?? 0
            #expect(directoryMode & 0o022 == 0, "\(directory) is writable by others: \(String(directoryMode, radix: 8))", sourceLocation: sourceLocation)
        }
        for file in HygieneScan.files(under: root, excluding: Set(holders)) {
            for account in watched {
                let leaks = account.leaks(in: file.text)
                #expect(leaks.isEmpty, "\(leaks) in \(file.path): \(file.text.prefix(2000))", sourceLocation: sourceLocation)
            }
        }
    }

    /// What the sandbox logged (its request log, its own output, the registry's log) holds no secret.
    static func expectCleanSandbox(_ sandbox: SandboxProcess, data: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let log = String(describing: try await sandbox.requests())
        var texts = [("the request log", log)]
        for file in HygieneScan.files(under: sandbox.directory.path) where !file.path.hasSuffix("/fixture.json") {
            texts.append((file.path, file.text))
        }
        for file in HygieneScan.files(under: data) { texts.append((file.path, file.text)) }
        #expect(texts.contains { $0.0.hasSuffix("/registry.log") }, "the registry's log was read: \(texts.map(\.0))", sourceLocation: sourceLocation)
        for (name, text) in texts {
            for account in watched {
                // The registry's own log shows the tokens the sandbox minted for it (not ours).
                let leaks = account.leaks(in: text, tokens: !name.hasSuffix("registry.log"))
                #expect(leaks.isEmpty, "\(leaks) in \(name)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test(arguments: HygieneAccount.all)
    func dockerCommands(account: HygieneAccount) async throws {
        let sandbox = try await Self.sandbox.get()
        let home = try await TestHome.installed()
        let environment = try Self.dockerEnvironment(home)
        let host = sandbox.host
        var runs: [TracedRun] = []
        func docker(_ arguments: [String], stdin: String? = nil, expect status: HarborCore.ExitStatus? = .success) async throws -> TracedRun {
            let run = try await HygieneRunner.run("docker -D " + arguments.joined(separator: " "), "docker", ["-D"] + arguments, environment: environment, stdin: stdin)
            if let status { #expect(run.status == status, "\(run)") }
            runs.append(run)
            return run
        }

        _ = try await docker(["harbor", "login", host, "-u", account.username, "--password-stdin"], stdin: account.secret + "\n")
        _ = try await docker(["harbor", "use", host, "pkey"])
        _ = try await docker(["harbor", "status"])
        let projects = try await docker(["harbor", "projects"])
        #expect(projects.result.stdout.contains("pkey"), "\(projects)")
        _ = try await docker(["harbor", "repos", "pkey"])
        _ = try await docker(["harbor", "tags", "pkey/\(Self.chartName)"])
        _ = try await docker(["harbor", "config"])
        _ = try await docker(["harbor", "parse", "\(Self.chartName):0.1.0"])
        _ = try await docker(["harbor", "hooks", "enable"])
        _ = try await docker(["harbor", "hooks", "disable"])
        _ = try await docker(["harbor", "version"])
        let repositories = try await docker(["__complete", "harbor", "pull", "pkey/"])
        #expect(repositories.result.stdout.contains("pkey/\(Self.chartName)"), "\(repositories)")
        let tags = try await docker(["__complete", "harbor", "pull", "pkey/\(Self.chartName):"])
        #expect(tags.result.stdout.contains("0.1.0"), "\(tags)")
        // No engine: docker itself fails, after the plugin started it (and, for push, after the
        // plugin's own push-right check with the secret).
        let pull = try await docker(["harbor", "pull", "pkey/\(Self.chartName):0.1.0"], expect: nil)
        #expect(pull.execs.contains { $0.contains(#""pull""#) && $0.contains("\(host)/pkey/\(Self.chartName):0.1.0") }, "docker pull was started: \(pull)")
        let push = try await docker(["harbor", "push", "pkey/hygapp:1"], expect: nil)
        #expect(push.execs.contains { $0.contains(#""push""#) && $0.contains("\(host)/pkey/hygapp:1") }, "docker push was started: \(push)")
        _ = try await docker(["harbor", "tag", "pkey/hygapp:1", "pkey/hygapp:2"], expect: nil)

        let config = home.dockerConfig + "/config.json"
        #expect(try home.read(".docker/config.json").contains(Data("\(account.username):\(account.secret)".utf8).base64EncodedString()), "stored where docker stores it")
        Self.expectCleanFiles(under: home.path, holders: [config])

        _ = try await docker(["harbor", "logout", host])
        // After logout nothing anywhere holds the secret, config.json included.
        Self.expectCleanFiles(under: home.path)
        for run in runs { expectNoLeak(run, of: Self.watched) }
        let sent = try await sandbox.requests().filter { $0.username == account.username && $0.auth == "basic" }
        #expect(sent.count >= 3, "the commands did send the secret: \(sent)")
        try await Self.expectCleanSandbox(sandbox, data: Self.sandboxData)
    }

    /// Helm 3.9.4, 3.17.3 and 4.3.1, each with one of the secrets.
    @Test(arguments: zip(Helm.versions, [HygieneAccount.encoded, HygieneAccount.plain, HygieneAccount.encoded]))
    func helmCommands(version: String, account: HygieneAccount) async throws {
        let sandbox = try await Self.sandbox.get()
        let helm = try await Helm(version: version)
        defer { helm.remove() }
        let host = sandbox.host
        let index = Helm.versions.firstIndex(of: version)!
        let chart = try await FailureTableTests.packageChart(with: helm, version: "0.2.\(index)")
        var environment = helm.environment
        environment["HELM_DEBUG"] = "true"
        environment["TMPDIR"] = helm.home + "/tmp"
        try FileManager.default.createDirectory(atPath: helm.home + "/tmp", withIntermediateDirectories: true)
        var runs: [TracedRun] = []
        func run(_ arguments: [String], stdin: String? = nil, expect status: HarborCore.ExitStatus = .success) async throws -> TracedRun {
            let run = try await HygieneRunner.run("helm --debug " + arguments.joined(separator: " "), helm.binary, ["--debug"] + arguments, environment: environment, stdin: stdin)
            #expect(run.status == status, "\(run)")
            runs.append(run)
            return run
        }

        _ = try await run(["harbor", "login", host, "-u", account.username, "--password-stdin"], stdin: account.secret)
        _ = try await run(["harbor", "use", host, "pkey"])
        _ = try await run(["harbor", "status"])
        let charts = try await run(["harbor", "charts", "pkey"])
        #expect(charts.result.stdout.contains(Self.chartName), "\(charts)")
        _ = try await run(["harbor", "push", chart, "\(host)/pkey"])
        _ = try await run(["harbor", "version"])
        Self.expectCleanFiles(under: helm.home, holders: [helm.dockerConfig + "/config.json"])
        _ = try await run(["harbor", "logout", host])

        // Helm's own registry config.
        _ = try await run(["harbor", "login", host, "-u", account.username, "--password-stdin", "--helm-only"], stdin: account.secret)
        #expect(FileManager.default.fileExists(atPath: helm.registryConfig))
        _ = try await run(["harbor", "push", chart, "\(host)/pkey"])
        Self.expectCleanFiles(under: helm.home, holders: [helm.registryConfig])
        _ = try await run(["harbor", "logout", host])

        Self.expectCleanFiles(under: helm.home)
        for run in runs { expectNoLeak(run, of: Self.watched) }
        try await Self.expectCleanSandbox(sandbox, data: Self.sandboxData)
    }

    /// docker-credential-harbor get/store/erase/list over docker-credential-pass (whose argv,
    /// and pass's and gpg's, strace sees too), and from a pipeline's variables.
    @Test func credentialHelperAndPassStore() async throws {
        let account = HygieneAccount.encoded
        let sandbox = try await Self.sandbox.get()
        let home = try await TestHome.installed()
        var environment = try await home.initialisedPassStore(try Self.dockerEnvironment(home))
        defer { home.stopPassAgent(environment) }
        environment.removeValue(forKey: "HARBOR_STORE")  // docker's default helper: pass
        let host = sandbox.host
        var runs: [TracedRun] = []
        func run(_ tool: String, _ arguments: [String], stdin: String? = nil, extra: [String: String] = [:], expect status: HarborCore.ExitStatus = .success) async throws -> TracedRun {
            let run = try await HygieneRunner.run(([tool] + arguments).joined(separator: " "), tool, arguments, environment: environment.merging(extra) { $1 }, stdin: stdin)
            #expect(run.status == status, "\(run)")
            runs.append(run)
            return run
        }
        func secret(in run: TracedRun) -> String? {
            (try? JSONSerialization.jsonObject(with: Data(run.result.stdout.utf8)) as? [String: String])?["Secret"]
        }

        _ = try await run("docker", ["-D", "harbor", "login", host, "-u", account.username, "--password-stdin"], stdin: account.secret)
        #expect(try home.read(".docker/config.json").contains(#""credsStore": "pass""#) || (try home.read(".docker/config.json")).contains(#""credsStore":"pass""#))
        _ = try await run("docker", ["-D", "harbor", "use", host, "pkey"])
        _ = try await run("docker", ["-D", "harbor", "status"])
        _ = try await run("docker", ["-D", "harbor", "projects"])

        let get = try await run("docker-credential-harbor", ["get"], stdin: host)
        #expect(secret(in: get) == account.secret, "\(get)")
        let list = try await run("docker-credential-harbor", ["list"])
        #expect(list.result.stdout.contains(account.username), "\(list)")
        _ = try await run("docker-credential-harbor", ["erase"], stdin: host)
        _ = try await run("docker-credential-harbor", ["get"], stdin: host, expect: .failure)
        let stored = #"{"ServerURL":"\#(host)","Username":"\#(account.username)","Secret":"\#(account.secret)"}"#
        _ = try await run("docker-credential-harbor", ["store"], stdin: stored)
        let again = try await run("docker-credential-harbor", ["get"], stdin: host)
        #expect(secret(in: again) == account.secret, "\(again)")

        // The store: pass keeps its files 0600 in 0700 directories.
        let store = environment["PASSWORD_STORE_DIR"]!
        var holders: [String] = []
        for file in HygieneScan.files(under: store) {
            holders.append(file.path)
            let directory = (file.path as NSString).deletingLastPathComponent
            #expect(HygieneScan.mode(directory).map { $0 & 0o077 == 0 } == true, "\(directory): \(String(HygieneScan.mode(directory) ?? 0, radix: 8))")
        }
        #expect(holders.contains { $0.hasSuffix(".gpg") }, "the secret went to pass: \(holders)")
        Self.expectCleanFiles(under: home.path, holders: holders)

        for run in runs {
            expectNoLeak(run, of: Self.watched, stdoutMayHold: run.label.hasPrefix("docker-credential-harbor get") && run.status == 0)
        }

        // A pipeline: the secret comes from the environment (so the command's own execve shows
        // it); the helper starts nothing that gets it.
        runs = []
        let pipeline = ["HARBOR_USERNAME": account.username, "HARBOR_CLI_SECRET": account.secret]
        let fromEnvironment = try await run("docker-credential-harbor", ["get"], stdin: host, extra: pipeline)
        #expect(secret(in: fromEnvironment) == account.secret, "\(fromEnvironment)")
        _ = try await run("docker-credential-harbor", ["get"], stdin: "registry.example.com", extra: pipeline, expect: .failure)
        _ = try await run("docker-credential-harbor", ["list"], extra: pipeline)
        for run in runs {
            expectNoLeak(run, of: Self.watched, stdoutMayHold: run.label.hasPrefix("docker-credential-harbor get") && run.status == 0, environmentHolds: true)
        }
        _ = try await run("docker", ["-D", "harbor", "logout", host])
        try await Self.expectCleanSandbox(sandbox, data: Self.sandboxData)
    }

    /// Error messages: a mistyped secret, an expired session, a refused port, an unknown host.
    @Test func errorMessages() async throws {
        let sandbox = try await Self.sandbox.get()
        let home = try await TestHome.installed()
        let environment = try Self.dockerEnvironment(home)
        let host = sandbox.host
        var runs: [TracedRun] = []
        func docker(_ arguments: [String], stdin: String? = nil, expect status: HarborCore.ExitStatus) async throws {
            let run = try await HygieneRunner.run("docker -D " + arguments.joined(separator: " "), "docker", ["-D"] + arguments, environment: environment, stdin: stdin)
            #expect(run.status == status, "\(run)")
            if status != .success { #expect(run.result.stderr.contains("Error"), "an error was shown: \(run)") }
            runs.append(run)
        }

        try await docker(["harbor", "login", host, "-u", HygieneAccount.mistyped.username, "--password-stdin"], stdin: HygieneAccount.mistyped.secret, expect: HarborCore.ExitStatus.credentialsRejected)

        let lapsed = HygieneAccount.lapsed
        try await docker(["harbor", "login", host, "-u", lapsed.username, "--password-stdin"], stdin: lapsed.secret, expect: .success)
        try await sandbox.setUser(lapsed.username, expired: true)
        try await docker(["harbor", "projects", "--instance", host], expect: HarborCore.ExitStatus.credentialsRejected)
        try await docker(["harbor", "status", host, "--check"], expect: HarborCore.ExitStatus.credentialsRejected)
        try await docker(["harbor", "push", "\(host)/pkey/hygapp:1"], expect: HarborCore.ExitStatus.credentialsRejected)
        try await docker(["harbor", "login", host, "-u", lapsed.username, "--password-stdin"], stdin: lapsed.secret, expect: HarborCore.ExitStatus.credentialsRejected)
        try await sandbox.setUser(lapsed.username, expired: false)

        let plain = HygieneAccount.plain
        let auth = Data("\(plain.username):\(plain.secret)".utf8).base64EncodedString()
        try home.write(#"{"auths":{"127.0.0.1:1":{"auth":"\#(auth)"},"harbor.hygiene.invalid":{"auth":"\#(auth)"}}}"#, to: ".docker/config.json")
        try await docker(["harbor", "projects", "--instance", "127.0.0.1:1"], expect: HarborCore.ExitStatus.connectionRefused)
        try await docker(["harbor", "status", "127.0.0.1:1", "--check"], expect: HarborCore.ExitStatus.connectionRefused)
        try await docker(["harbor", "login", "127.0.0.1:1", "-u", plain.username, "--password-stdin"], stdin: plain.secret, expect: HarborCore.ExitStatus.connectionRefused)
        try await docker(["harbor", "projects", "--instance", "harbor.hygiene.invalid"], expect: HarborCore.ExitStatus.unknownHost)
        try await docker(["harbor", "login", "harbor.hygiene.invalid", "-u", plain.username, "--password-stdin"], stdin: plain.secret, expect: HarborCore.ExitStatus.unknownHost)

        // The same from Helm, with --debug and HELM_DEBUG=true.
        let helm = try await Helm(version: Helm.versions.last!, home: home.path + "/helm")
        let chart = try await FailureTableTests.packageChart(with: helm, version: "0.6.0")
        var helmEnvironment = helm.environment
        helmEnvironment["HELM_DEBUG"] = "true"
        helmEnvironment["DOCKER_CONFIG"] = home.dockerConfig
        func helmRun(_ arguments: [String], stdin: String? = nil, expect status: HarborCore.ExitStatus) async throws {
            let run = try await HygieneRunner.run("helm --debug " + arguments.joined(separator: " "), helm.binary, ["--debug"] + arguments, environment: helmEnvironment, stdin: stdin)
            #expect(run.status == status, "\(run)")
            #expect(run.result.stderr.contains("Error"), "an error was shown: \(run)")
            runs.append(run)
        }
        try await helmRun(["harbor", "login", host, "-u", HygieneAccount.mistyped.username, "--password-stdin"], stdin: HygieneAccount.mistyped.secret, expect: .credentialsRejected)
        try await helmRun(["harbor", "push", chart, "127.0.0.1:1/pkey"], expect: .connectionRefused)
        try await helmRun(["harbor", "charts", "pkey", "--instance", "127.0.0.1:1"], expect: .connectionRefused)

        for run in runs { expectNoLeak(run, of: Self.watched) }
        try home.write("{}", to: ".docker/config.json")
        Self.expectCleanFiles(under: home.path)
    }
}
