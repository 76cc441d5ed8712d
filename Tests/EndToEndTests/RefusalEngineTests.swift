import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HarborTestSupport
import Testing

/// Harbor's refusals through the real docker client (28.2.2) and a real Docker engine: `docker harbor
/// pull|run|push` print docker's error, then what Harbor's API says about it, and exit with the README's
/// status; `--wait-scan` pulls once the sandbox's scan finishes; `docker pull`/`push` with hooks on, in a
/// terminal, show the explanation under "What's next:"; a refused push writes nothing.
@Suite("Harbor's refusals through a real engine", .serialized)
struct RefusalEngineTests {
    static let secret = "AliceRefusal1"
    static let members: [SandboxFixture.Member] = [.init("alice", .developer)]
    static let sandbox = SharedSandbox(fixture: SandboxFixture(
        users: [.init("alice", secret: secret)],
        projects: [
            .init("vul", members: members, repositories: ["bad", "running", "never", "waiting"].map { .init($0, tags: ["1"]) },
                  policy: .init(preventVulnerable: true, severity: "high")),
            .init("signed", members: members, repositories: ["app", "hook"].map { .init($0, tags: ["1"]) }, policy: .init(cosignRequired: true)),
            .init("imm", members: members, repositories: [.init("app", tags: ["1"])], policy: .init(immutableTags: [.init(tags: "1")])),
            .init("quota", members: members, repositories: [.init("app", tags: ["1"])], policy: .init(storageLimitBytes: 10)),
            .init("plain", members: members, repositories: [.init("app", tags: ["1"])]),
        ]))

    struct Setup {
        let sandbox: SandboxProcess
        let home: TestHome
        let environment: [String: String]
        let H: [String]

        func docker(_ arguments: [String], stdin: String? = nil) async throws -> CompletedProcess {
            try await ProcessRunner.run("docker", H + arguments, environment: environment, stdin: stdin)
        }

        /// docker in a pseudo-terminal (util-linux `script`), so that docker runs its hooks; output merged.
        func dockerInTerminal(_ arguments: [String]) async throws -> CompletedProcess {
            _ = try requireTool("script")
            let command = (["docker"] + H + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
            return try await ProcessRunner.run("script", ["-q", "-e", "-c", command, "/dev/null"], environment: environment)
        }

        func ref(_ path: String) -> String { "\(sandbox.host)/\(path)" }
    }

    func setUp(login: Bool = true) async throws -> Setup {
        let sandbox = try await Self.sandbox.get()
        let engine = try await SharedDockerEngine.get()
        let home = try await TestHome.installed()
        let setup = Setup(sandbox: sandbox, home: home, environment: home.dockerEnvironment, H: ["-H", "unix://" + engine.socket])
        if login {
            let result = try await setup.docker(["harbor", "login", sandbox.host, "-u", "alice", "--password-stdin", "-q", "--docker-only"], stdin: Self.secret)
            try #require(result.status == 0, "\(result)")
        }
        return setup
    }

    @Test("pull and run: vulnerable, scan running, never scanned, unsigned — each explained, each with its status")
    func pullRefusals() async throws {
        let s = try await setUp()
        defer { try? FileManager.default.removeItem(atPath: s.home.path) }
        try await s.sandbox.setScan("vul/bad", "1", status: "Success", vulnerabilities: [
            .init("CVE-2024-0001", "Critical"), .init("CVE-2024-0002", "Critical"), .init("CVE-2024-0003", "Critical"),
            .init("CVE-2024-0004", "High"), .init("CVE-2024-0005", "High"), .init("CVE-2024-0006", "High"),
            .init("CVE-2024-0007", "High"), .init("CVE-2024-0008", "High"),
        ])
        try await s.sandbox.setScan("vul/running", "1", status: "Running")

        let vulnerable = try await s.docker(["harbor", "pull", s.ref("vul/bad:1")])
        #expect(vulnerable.status == 13, "\(vulnerable)")
        #expect(vulnerable.stderr.contains("current image with 8 vulnerabilities cannot be pulled"), "docker's own error stays: \(vulnerable)")
        #expect(vulnerable.stderr.contains("vul/bad:1 has 3 critical and 5 high vulnerabilities; project vul blocks pulling images with high or worse"), "\(vulnerable)")
        #expect(vulnerable.stderr.contains("`docker harbor tags vul/bad`"), "\(vulnerable)")
        #expect(!vulnerable.stderr.contains("CLI secret"), "no credentials hint: \(vulnerable)")
        #expect(!vulnerable.stderr.contains("Worst:"), "a CLI secret may not read the report of a private project: \(vulnerable)")

        let run = try await s.docker(["harbor", "run", "--rm", s.ref("vul/bad:1"), "true"])
        #expect(run.status == 13, "\(run)")
        #expect(run.stderr.contains("vul/bad:1 has 3 critical and 5 high vulnerabilities"), "\(run)")

        let running = try await s.docker(["harbor", "pull", s.ref("vul/running:1")])
        #expect(running.status == 14, "\(running)")
        #expect(running.stderr.contains("vul/running:1 cannot be pulled yet: its vulnerability scan is still running"), "\(running)")
        #expect(running.stderr.contains("--wait-scan"), "\(running)")

        let never = try await s.docker(["harbor", "pull", s.ref("vul/never:1")])
        #expect(never.status == 15, "\(never)")
        #expect(never.stderr.contains("vul/never:1 was never scanned for vulnerabilities, and project vul blocks pulling unscanned images"), "\(never)")

        let unsigned = try await s.docker(["harbor", "pull", s.ref("signed/app:1")])
        #expect(unsigned.status == 16, "\(unsigned)")
        #expect(unsigned.stderr.contains("signed/app:1 is not signed, and project signed requires cosign signatures"), "\(unsigned)")

        // Signed: the same pull goes through.
        try await s.sandbox.setSigned("signed/app", "1")
        let signed = try await s.docker(["harbor", "pull", "-q", s.ref("signed/app:1")])
        #expect(signed.status == 0, "\(signed)")
    }

    @Test("--wait-scan waits for the running scan, then pulls")
    func waitScan() async throws {
        let s = try await setUp()
        defer { try? FileManager.default.removeItem(atPath: s.home.path) }
        try await s.sandbox.setScan("vul/waiting", "1", status: "Running")
        let pull = try ProcessRunner.start("docker", s.H + ["harbor", "pull", "--wait-scan", "--timeout", "60", s.ref("vul/waiting:1")], environment: s.environment)
        // The scan ends only once the command says it is waiting (however long a busy machine
        // takes to get there), so that the wait itself is what is tested.
        for _ in 0..<1_200 where !pull.stderrSoFar.contains("Waiting for the vulnerability scan") && pull.process.isRunning {
            try await Task.sleep(for: .milliseconds(50))
        }
        try await s.sandbox.setScan("vul/waiting", "1", status: "Success", vulnerabilities: [.init("CVE-2024-0100", "Low")])
        let result = await pull.wait()
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.contains("Waiting for the vulnerability scan of vul/waiting:1 (running)"), "\(result)")
        #expect(result.stdout.contains("Downloaded newer image") || result.stdout.contains("Image is up to date"), "\(result)")

        // Bounded: a scan that never finishes stops at --timeout with the timeout status.
        try await s.sandbox.setScan("vul/waiting", "1", status: "Pending")
        let bounded = try await s.docker(["harbor", "pull", "--wait-scan", "--timeout", "2", s.ref("vul/waiting:1")])
        #expect(bounded.status == 7, "\(bounded)")
        #expect(bounded.stderr.contains("was still pending after 2 s"), "\(bounded)")
    }

    @Test("push: an immutable tag and read-only mode are explained and write nothing; config files are untouched")
    func pushRefusals() async throws {
        let s = try await setUp()
        defer { try? FileManager.default.removeItem(atPath: s.home.path) }
        let pulled = try await s.docker(["pull", "-q", s.ref("plain/app:1")])
        try #require(pulled.status == 0, "\(pulled)")
        let configBefore = try s.home.read(".docker/config.json")
        let accept = "application/vnd.oci.image.manifest.v1+json,application/vnd.docker.distribution.manifest.v2+json"
        func manifestDigest(_ path: String) async throws -> String? {
            var request = URLRequest(url: s.sandbox.baseURL.appendingPathComponent("v2/\(path)"))
            request.httpMethod = "HEAD"
            request.setValue(accept, forHTTPHeaderField: "Accept")
            request.setValue("Basic " + Data("alice:\(Self.secret)".utf8).base64EncodedString(), forHTTPHeaderField: "Authorization")
            let (_, response) = try await URLSession.shared.data(for: request)
            guard let http = response as? HTTPURLResponse, http.statusCode == 200 else { return nil }
            return http.value(forHTTPHeaderField: "Docker-Content-Digest")
        }

        let before = try #require(try await manifestDigest("imm/app/manifests/1"))
        await #expect(try s.docker(["tag", s.ref("plain/app:1"), s.ref("imm/app:1")]).status == 0)
        let immutable = try await s.docker(["harbor", "push", s.ref("imm/app:1")])
        #expect(immutable.status == 17, "\(immutable)")
        #expect(immutable.stderr.contains("tag 1 is immutable in imm; push a new tag"), "\(immutable)")
        #expect(!immutable.stderr.contains("role"), "not the role hint: \(immutable)")
        #expect(try await manifestDigest("imm/app/manifests/1") == before, "the tag still names what was first pushed")

        try await s.sandbox.setReadOnly(true)
        defer { Task { try? await s.sandbox.setReadOnly(false) } }
        await #expect(try s.docker(["tag", s.ref("plain/app:1"), s.ref("plain/app:ro")]).status == 0)
        let readOnly = try await s.docker(["harbor", "push", s.ref("plain/app:ro")])
        #expect(readOnly.status == 19, "\(readOnly)")
        #expect(readOnly.stderr.contains("Harbor is in read-only mode: nothing can be pushed or deleted"), "\(readOnly)")
        #expect(try await manifestDigest("plain/app/manifests/ro") == nil, "no manifest, no tag")
        try await s.sandbox.setReadOnly(false)
        #expect(try s.home.read(".docker/config.json") == configBefore, "config.json unchanged")
    }

    @Test("hooks in a terminal: every pull and push refusal explained from Harbor's text; no login stored says log in, not 'expired'")
    func hooks() async throws {
        let s = try await setUp()
        defer { try? FileManager.default.removeItem(atPath: s.home.path) }
        await #expect(try s.docker(["harbor", "hooks", "enable"]).status == 0)
        try await s.sandbox.setScan("vul/bad", "1", status: "Success", vulnerabilities: [.init("CVE-2024-0001", "Critical"), .init("CVE-2024-0004", "High")])
        let vulnerable = try await s.dockerInTerminal(["pull", s.ref("vul/bad:1")])
        #expect(vulnerable.status != 0, "\(vulnerable)")
        #expect(vulnerable.stdout.contains("What's next:"), "\(vulnerable)")
        #expect(vulnerable.stdout.contains("The image has 2 vulnerabilities; the project blocks pulling images with high or worse."), "\(vulnerable)")

        // Offline, from the daemon's words alone: the hook names "the image" and "the project".
        try await s.sandbox.setScan("vul/running", "1", status: "Running")
        let pulls: [(reference: String, says: String)] = [
            ("vul/running:1", "The image cannot be pulled yet: its vulnerability scan is still running."),
            ("vul/never:1", "The image was never scanned for vulnerabilities, and the project blocks pulling unscanned images."),
            ("signed/hook:1", "The image is not signed, and the project requires cosign signatures."),
        ]
        for pull in pulls {
            let refused = try await s.dockerInTerminal(["pull", s.ref(pull.reference)])
            #expect(refused.status != 0, "\(pull.reference): \(refused)")
            #expect(refused.stdout.contains("What's next:"), "\(pull.reference): \(refused)")
            #expect(refused.stdout.contains(pull.says), "\(pull.reference): \(refused)")
            #expect(!refused.stdout.contains("CLI secret"), "not the credentials hint: \(refused)")
        }

        await #expect(try s.docker(["pull", "-q", s.ref("plain/app:1")]).status == 0)
        await #expect(try s.docker(["tag", s.ref("plain/app:1"), s.ref("quota/app:2")]).status == 0)
        let quota = try await s.dockerInTerminal(["push", s.ref("quota/app:2")])
        #expect(quota.status != 0, "\(quota)")
        #expect(quota.stdout.contains("The project's quota is full:"), "\(quota)")
        #expect(quota.stdout.contains("of 10 B used"), "\(quota)")

        await #expect(try s.docker(["tag", s.ref("plain/app:1"), s.ref("imm/app:1")]).status == 0)
        let immutable = try await s.dockerInTerminal(["push", s.ref("imm/app:1")])
        #expect(immutable.status != 0, "\(immutable)")
        #expect(immutable.stdout.contains("Tag 1 is immutable in its project; push a new tag."), "\(immutable)")
        #expect(!immutable.stdout.contains("role"), "not the role hint: \(immutable)")

        try await s.sandbox.setReadOnly(true)
        await #expect(try s.docker(["tag", s.ref("plain/app:1"), s.ref("plain/app:hook-ro")]).status == 0)
        let readOnly = try await s.dockerInTerminal(["push", s.ref("plain/app:hook-ro")])
        try await s.sandbox.setReadOnly(false)
        #expect(readOnly.status != 0, "\(readOnly)")
        #expect(readOnly.stdout.contains("Harbor is in read-only mode: nothing can be pushed or deleted."), "\(readOnly)")

        // Nothing stored for the host: the hint says to log in, and guesses no expiry.
        let fresh = try await setUp(login: false)
        defer { try? FileManager.default.removeItem(atPath: fresh.home.path) }
        await #expect(try fresh.docker(["harbor", "hooks", "enable"]).status == 0)
        let anonymous = try await fresh.dockerInTerminal(["pull", fresh.ref("plain/app:1")])
        #expect(anonymous.status != 0, "\(anonymous)")
        // The daemon's denial names no host, so the hint cannot either.
        #expect(anonymous.stdout.contains("You are not logged in to this Harbor: docker sent no credentials."), "\(anonymous)")
        #expect(!anonymous.stdout.contains("expire"), "\(anonymous)")
    }

    @Test("docker harbor tags shows what decides a pull: scan, signature, immutability, in tables, templates and JSON")
    func tagsColumns() async throws {
        let s = try await setUp()
        defer { try? FileManager.default.removeItem(atPath: s.home.path) }
        try await s.sandbox.setScan("vul/bad", "1", status: "Success", vulnerabilities: [
            .init("CVE-2024-0001", "Critical"), .init("CVE-2024-0004", "High"), .init("CVE-2024-0005", "High"),
        ])
        let json = try await s.docker(["harbor", "tags", s.ref("vul/bad"), "--format", "json"])
        #expect(json.status == 0, "\(json)")
        let row = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.split(separator: "\n").first.map { Data($0.utf8) } ?? Data())) as? [String: Any])
        let scan = try #require(row["Scan"] as? [String: Any], "\(json)")
        #expect(scan["status"] as? String == "Success")
        #expect(scan["severity"] as? String == "Critical")
        #expect(scan["critical"] as? Int == 1 && scan["high"] as? Int == 2)
        #expect(row["Signed"] as? Bool == false)
        #expect(row["Immutable"] as? Bool == false)

        let template = try await s.docker(["harbor", "tags", s.ref("vul/never"), "--format", "{{.Tag}} {{.Scan}} {{.Signed}} {{.Immutable}}"])
        #expect(template.stdout == "1 not scanned false false\n", "\(template)")
        let immutable = try await s.docker(["harbor", "tags", s.ref("imm/app"), "--format", "{{.Tag}} {{.Immutable}}"])
        #expect(immutable.stdout == "1 true\n", "\(immutable)")
        let table = try await s.docker(["harbor", "tags", s.ref("vul/bad"), "--format", "table {{.Tag}}\t{{.Scan}}"])
        #expect(table.stdout.contains("critical (1C 2H)"), "\(table)")
    }
}
