import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HarborCore
import HarborTestSupport
import Testing

/// The sandbox Harbor doctor looks at: alice is a developer on pkey, nobody is a member of
/// nothing, erin's session is made to lapse, and the sandbox can imitate broken deployments
/// (`PUT /__sandbox/diagnostics`, HarborSandbox's DiagnosticQuirks).
enum DoctorFixture {
    static let aliceSecret = "AliceCli1secret"
    static let fixture = SandboxFixture(
        users: [
            .init("alice", secret: aliceSecret),
            .init("nobody", secret: "Nobody1secret"),
            .init("erin", secret: "ErinCli1secret"),
        ],
        projects: [
            .init("pkey", members: [.init("alice", .developer), .init("erin", .developer)]),
            .init("library", public: true),
        ])

    static let proxyOnlyName = "harbor.doctor-proxy.test"
    /// Their own sandboxes: the diagnostics switches change what every client of one sees.
    static let plain = SharedSandbox(fixture: fixture)
    static let tls = SharedSandbox(fixture: fixture, tls: true, extraArguments: ["--tls-name", proxyOnlyName])
}

extension SandboxProcess {
    /// Switches the sandbox's imitated deployment mistakes (all off with `[:]`).
    func setDiagnostics(_ quirks: [String: Any]) async throws {
        var request = URLRequest(url: adminURL.appendingPathComponent("__sandbox").appendingPathComponent("diagnostics"))
        request.httpMethod = "PUT"
        request.cachePolicy = .reloadIgnoringLocalAndRemoteCacheData
        request.httpBody = try JSONSerialization.data(withJSONObject: quirks)
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            throw SandboxProcessError("sandbox admin PUT diagnostics: HTTP \(status): \(String(decoding: data, as: UTF8.self))")
        }
    }
}

/// One `doctor` run's report, read from `--format json`.
struct DoctorRun: CustomStringConvertible {
    let result: CompletedProcess
    let status: String?
    let checks: [String: (status: String, summary: String, fix: String?)]
    let order: [String]

    init(_ result: CompletedProcess) {
        self.result = result
        let object = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any]
        status = object?["status"] as? String
        var checks: [String: (status: String, summary: String, fix: String?)] = [:]
        var order: [String] = []
        for entry in object?["checks"] as? [[String: Any]] ?? [] {
            guard let key = entry["check"] as? String else { continue }
            order.append(key)
            checks[key] = (entry["status"] as? String ?? "", entry["summary"] as? String ?? "", entry["fix"] as? String)
        }
        self.checks = checks
        self.order = order
    }

    subscript(_ key: String) -> String? { checks[key]?.status }
    func summary(_ key: String) -> String { checks[key]?.summary ?? "" }
    func fix(_ key: String) -> String { checks[key]?.fix ?? "" }
    var description: String { result.description }
}

/// `docker harbor doctor` and `helm harbor doctor` through the real docker client and the real
/// Helm 4.3.1, against the sandbox: a healthy setup passes every line, and each line that can
/// fail is made to fail by the real thing that breaks it (issue 19).
@Suite(.serialized)
struct DoctorTests {
    static let allChecks = ["instance", "proxy", "tls", "clock", "realm", "answer", "version", "credentials", "docker", "helm", "role"]

    let helm: Helm

    init() async throws {
        helm = try await Helm(version: "4.3.1")
    }

    func docker(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) async throws -> CompletedProcess {
        try await ProcessRunner.run("docker", arguments, environment: helm.environment.merging(environment) { $1 }, stdin: stdin)
    }

    func login(_ host: String, user: String = "alice", secret: String = DoctorFixture.aliceSecret, extra: [String] = []) async throws {
        let result = try await docker(["harbor", "login", host, "-u", user, "--password-stdin"] + extra, stdin: secret + "\n")
        #expect(result.status == 0, "\(result)")
    }

    func use(_ host: String, _ project: String) async throws {
        let result = try await docker(["harbor", "use", host, project])
        #expect(result.status == 0, "\(result)")
    }

    func doctor(_ extra: [String] = [], environment: [String: String] = [:]) async throws -> DoctorRun {
        DoctorRun(try await docker(["harbor", "doctor"] + extra + ["--format", "json", "--timeout", "20"], environment: environment))
    }

    @Test func healthySetupPassesEveryLineAndExitsZero() async throws {
        defer { helm.remove() }
        let sandbox = try await DoctorFixture.plain.get()
        try await login(sandbox.host)
        try await use(sandbox.host, "pkey")

        let text = try await docker(["harbor", "doctor"])
        #expect(text.status == 0, "\(text)")
        let lines = text.stdout.split(separator: "\n").dropFirst().dropLast()
        #expect(lines.count >= Self.allChecks.count, "\(text)")
        for check in Self.allChecks {
            #expect(lines.contains { $0.hasPrefix("ok") && $0.contains(" \(check) ") }, "\(check): \(text)")
        }
        #expect(!lines.contains { $0.hasPrefix("warning") || $0.hasPrefix("failure") || $0.contains("fix:") }, "\(text)")
        #expect(text.stdout.hasSuffix("\(Self.allChecks.count) ok, 0 warnings, 0 failures\n"), "\(text)")
        #expect(!text.stdout.contains(DoctorFixture.aliceSecret) && !text.stderr.contains(DoctorFixture.aliceSecret))

        let json = try await doctor()
        #expect(json.result.status == 0, "\(json)")
        #expect(json.status == "ok" && json.order == Self.allChecks, "\(json)")
        #expect(json.summary("instance").contains("127.0.0.1"), "\(json)")
        #expect(json.summary("credentials").contains("alice (personal account) from docker's store"), "\(json)")
        #expect(json.summary("credentials").contains("30 days"), "\(json)")
        #expect(json.summary("role").contains("developer"), "\(json)")
        #expect(json.summary("version").contains("2.7"), "\(json)")

        // Helm reads docker's store for a host its own file has no entry for: the same login.
        let viaHelm = try await helm.run(["harbor", "doctor", "--format", "json"])
        let helmRun = DoctorRun(viaHelm)
        #expect(viaHelm.status == 0, "\(viaHelm)")
        #expect(helmRun.status == "ok" && helmRun.order == Self.allChecks, "\(viaHelm)")
    }

    @Test func deadProxyFailsTheProxyLine() async throws {
        defer { helm.remove() }
        let sandbox = try await DoctorFixture.tls.get()
        let port = sandbox.host.split(separator: ":").last.map(String.init) ?? ""
        let deadPort = try LoopbackPort.reserve()
        let run = try await doctor(
            ["\(DoctorFixture.proxyOnlyName):\(port)", "--ca-file", try #require(sandbox.caFile).path],
            environment: ["HTTPS_PROXY": "http://127.0.0.1:\(deadPort)"])
        #expect(run.result.status == 1, "\(run)")
        #expect(run["proxy"] == "failure", "\(run)")
        #expect(run.summary("proxy").contains("127.0.0.1:\(deadPort)") && run.summary("proxy").contains("HTTPS_PROXY"), "\(run)")
        #expect(run.fix("proxy").contains("NO_PROXY"), "\(run)")
        // The name is the proxy's to resolve: only a warning here.
        #expect(run["instance"] == "warning", "\(run)")
        #expect(run.result.stderr.contains("checks failed"), "\(run)")
    }

    @Test func untrustedCAFailsTheTLSLineAndCAFileFixesIt() async throws {
        defer { helm.remove() }
        let sandbox = try await DoctorFixture.tls.get()
        let untrusted = try await doctor([sandbox.host])
        #expect(untrusted.result.status == 1, "\(untrusted)")
        #expect(untrusted["tls"] == "failure", "\(untrusted)")
        #expect(untrusted.fix("tls").contains("--ca-file") && untrusted.fix("tls").contains("/etc/docker/certs.d/\(sandbox.host)/ca.crt"), "\(untrusted)")

        let caFile = try #require(sandbox.caFile).path
        let trusted = try await doctor([sandbox.host, "--ca-file", caFile])
        #expect(trusted["tls"] == "ok" && trusted.summary("tls").contains("--ca-file \(caFile)"), "\(trusted)")
        // SSL_CERT_FILE is named as the source when it is what trusts the certificate.
        let viaVariable = try await doctor([sandbox.host], environment: ["SSL_CERT_FILE": caFile])
        #expect(viaVariable["tls"] == "ok" && viaVariable.summary("tls").contains("SSL_CERT_FILE"), "\(viaVariable)")
    }

    @Test func skewedClockFailsTheClockLine() async throws {
        defer { helm.remove() }
        let sandbox = try await DoctorFixture.plain.get()
        try await sandbox.setDiagnostics(["clockOffsetSeconds": 3600])
        defer { Task { try? await sandbox.setDiagnostics([:]) } }
        let run = try await doctor([sandbox.host])
        try await sandbox.setDiagnostics([:])
        #expect(run.result.status == 1, "\(run)")
        #expect(run["clock"] == "failure", "\(run)")
        #expect(run.summary("clock").contains("60 min") && run.summary("clock").contains("behind"), "\(run)")
        #expect(run.fix("clock").contains("NTP"), "\(run)")
    }

    @Test func plainHTTPRealmBehindHTTPSFailsTheRealmLine() async throws {
        defer { helm.remove() }
        let sandbox = try await DoctorFixture.tls.get()
        let caFile = try #require(sandbox.caFile).path
        try await sandbox.setDiagnostics(["plainHTTPRealm": true])
        let run = try await doctor([sandbox.host, "--ca-file", caFile])
        try await sandbox.setDiagnostics([:])
        #expect(run.result.status == 1, "\(run)")
        #expect(run["realm"] == "failure", "\(run)")
        #expect(run.summary("realm").contains("http://\(sandbox.host)/service/token"), "\(run)")
        #expect(run.fix("realm").contains("external_url"), "\(run)")
        #expect(run["tls"] == "ok", "\(run)")
    }

    @Test func htmlLoginPageFailsTheAnswerLine() async throws {
        defer { helm.remove() }
        let sandbox = try await DoctorFixture.plain.get()
        try await sandbox.setDiagnostics(["htmlLoginPage": true])
        let run = try await doctor([sandbox.host])
        try await sandbox.setDiagnostics([:])
        #expect(run.result.status == 1, "\(run)")
        #expect(run["answer"] == "failure", "\(run)")
        #expect(run.summary("answer").contains("a proxy or login page answered"), "\(run)")
        #expect(run["version"] == "warning", "\(run)")
    }

    @Test func expiredSecretFailsTheCredentialsLineWithTheThirtyDayAdvice() async throws {
        defer { helm.remove() }
        let sandbox = try await DoctorFixture.plain.get()
        try await login(sandbox.host, user: "erin", secret: "ErinCli1secret")
        try await sandbox.setUser("erin", expired: true)
        let run = try await doctor([sandbox.host])
        try await sandbox.setUser("erin", expired: false)
        #expect(run.result.status == 1, "\(run)")
        #expect(run["credentials"] == "failure", "\(run)")
        #expect(run.summary("credentials").contains("erin") && run.summary("credentials").contains("rejected"), "\(run)")
        #expect(run.fix("credentials").contains("30 days") && run.fix("credentials").contains("LOGIN VIA OIDC PROVIDER"), "\(run)")
        #expect(!run.result.stdout.contains("ErinCli1secret"))
    }

    @Test func shadowingHelmEntryFailsTheHelmLine() async throws {
        defer { helm.remove() }
        let sandbox = try await DoctorFixture.plain.get()
        try await login(sandbox.host)
        // Helm's own registry config with an older login for the host, which Helm reads first.
        let stale = Data("alice:OldCli1secret".utf8).base64EncodedString()
        let registryConfig = URL(fileURLWithPath: helm.registryConfig)
        try FileManager.default.createDirectory(at: registryConfig.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(#"{"auths":{"\#(sandbox.host)":{"auth":"\#(stale)"}}}"#.utf8).write(to: registryConfig)

        let run = try await doctor([sandbox.host])
        #expect(run.result.status == 1, "\(run)")
        #expect(run["helm"] == "failure", "\(run)")
        #expect(run.summary("helm").contains(helm.registryConfig), "\(run)")
        #expect(run.fix("helm").contains("helm registry logout \(sandbox.host)"), "\(run)")
        #expect(run["credentials"] == "ok" && run["docker"] == "ok", "\(run)")
        #expect(!run.result.stdout.contains("OldCli1secret"))

        // Through Helm, Helm's entry is the login: Harbor refuses it.
        let viaHelm = await DoctorRun(try helm.run(["harbor", "doctor", sandbox.host, "--format", "json"]))
        #expect(viaHelm.result.status == 1 && viaHelm["credentials"] == "failure", "\(viaHelm)")
        #expect(viaHelm.summary("credentials").contains("Helm's registry config"), "\(viaHelm)")
    }

    @Test func noRoleInTheDefaultProjectFailsTheRoleLine() async throws {
        defer { helm.remove() }
        let sandbox = try await DoctorFixture.plain.get()
        try await login(sandbox.host, user: "nobody", secret: "Nobody1secret")
        try await use(sandbox.host, "pkey")
        let run = try await doctor()
        #expect(run.result.status == 1, "\(run)")
        #expect(run["role"] == "failure", "\(run)")
        #expect(run.summary("role").contains("pkey") && run.summary("role").contains("nobody"), "\(run)")
        #expect(run.fix("role").contains("Project Admin"), "\(run)")
        #expect(run["credentials"] == "ok", "\(run)")

        // A public project without membership: pull only, still no role.
        try await use(sandbox.host, "library")
        let public_ = try await doctor()
        #expect(public_["role"] == "failure" && public_.summary("role").contains("public"), "\(public_)")
    }

    @Test func notLoggedInFailsTheCredentialsLine() async throws {
        defer { helm.remove() }
        let sandbox = try await DoctorFixture.plain.get()
        let run = try await doctor([sandbox.host])
        #expect(run.result.status == 1, "\(run)")
        #expect(run["credentials"] == "failure" && run.summary("credentials").contains("not logged in"), "\(run)")
        #expect(run.fix("credentials").contains("docker harbor login \(sandbox.host)"), "\(run)")
        #expect(run["docker"] == "warning" && run["helm"] == "warning", "\(run)")
    }

    /// `--timeout` bounds the whole report, not each of its exchanges: against a Harbor that takes
    /// 3.5 s for every answer (three exchanges or more, 10 s and more one after another), a run with
    /// `--timeout 4` ends by then; every line is still reported, and those it could not finish say
    /// that Harbor did not answer within the command's 4 s (warnings: not checked, not failed).
    @Test func timeoutBoundsTheWholeRun() async throws {
        defer { helm.remove() }
        let sandbox = try await SandboxProcess.start(fixture: DoctorFixture.fixture)
        defer { sandbox.stop() }
        try await login(sandbox.host)
        try await use(sandbox.host, "pkey")
        try await sandbox.addFaults([SandboxFault(pathPrefix: "/", latencyMs: 3500)])
        let started = ContinuousClock.now
        let run = DoctorRun(try await docker(["harbor", "doctor", "--format", "json", "--timeout", "4"]))
        let elapsed = ContinuousClock.now - started
        // Start-up of docker and the plugin on a loaded machine comes on top of the 4 s.
        #expect(elapsed < .seconds(4 + 4), "took \(elapsed): \(run)")
        #expect(run.status == "warning" && run.result.status == 0, "\(run)")
        #expect(run.order.first == "instance" && run.order.count >= 10, "every line is still reported: \(run)")
        #expect(run["credentials"] == "warning" && run.summary("credentials").contains("did not answer within 4 s"), "\(run)")
    }
}
