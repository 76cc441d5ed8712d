import Foundation
import HarborCore
import HarborTestSupport
import Testing

/// `docker -D harbor …` and `helm --debug harbor …`: one trace line per HTTP exchange on stderr,
/// and the failing request's detail under the error; never a secret, a token, an
/// `Authorization` value or base64 credentials. docker passes `-D` in argv and sets `DEBUG=1`
/// (docker/cli cli/debug/debug.go); Helm removes `--debug` from argv and sets `HELM_DEBUG=true`
/// (helm/helm pkg/cli/environment.go v3.17, v4).
@Suite(.serialized)
struct DebugTraceTests {
    /// Traces must not show any of these.
    static func secrets(host: String) -> [String] {
        let secret = RealClientSandbox.aliceSecret
        return [secret, Data("alice:\(secret)".utf8).base64EncodedString(), "Authorization", "Basic ", "Bearer ",
                // A JWT (the sandbox's tokens, like Harbor's) starts with base64 of `{"`.
                "eyJ"]
    }

    static func traceLines(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("debug: ") }
    }

    @Test func dockerDebugTracesProjects() async throws {
        let sandbox = try await RealClientSandbox.shared.get()
        let home = try await TestHome.installed()
        let environment = home.dockerEnvironment
        let login = try await ProcessRunner.run("docker", ["harbor", "login", sandbox.host, "-u", "alice", "--password-stdin", "-q"], environment: environment, stdin: RealClientSandbox.aliceSecret)
        #expect(login.status == 0, "\(login)")

        let quiet = try await ProcessRunner.run("docker", ["harbor", "projects", "--instance", sandbox.host], environment: environment)
        #expect(quiet.status == 0, "\(quiet)")
        #expect(Self.traceLines(quiet.stderr).isEmpty, "no trace without -D: \(quiet)")

        let result = try await ProcessRunner.run("docker", ["-D", "harbor", "projects", "--instance", sandbox.host], environment: environment)
        #expect(result.status == 0, "\(result)")
        // The same listing; the REPOSITORIES column left out, as suites beside this one push to
        // the shared sandbox's projects meanwhile.
        func withoutCounts(_ listing: String) -> [[Substring]] {
            listing.split(separator: "\n").map { line in line.split(separator: " ").enumerated().filter { $0.offset != 3 }.map(\.element) }
        }
        #expect(withoutCounts(result.stdout) == withoutCounts(quiet.stdout), "the listing itself is unchanged: \(quiet.stdout) vs \(result.stdout)")
        let trace = Self.traceLines(result.stderr)
        let projects = trace.first { $0.contains("/api/v2.0/projects") && $0.contains("→ 200") }
        #expect(projects != nil, "\(result)")
        #expect(projects?.hasPrefix("debug: GET http") == true && projects?.contains("auth: Basic;") == true && projects?.contains("proxy: direct") == true, "\(trace)")
        #expect(trace.allSatisfy { $0.range(of: #" in \d+ ms \(|failed after \d+ ms: "#, options: .regularExpression) != nil }, "each line has its duration: \(trace)")
        #expect(!trace.contains { $0.contains("?") }, "no query strings: \(trace)")
        for secret in Self.secrets(host: sandbox.host) {
            #expect(!result.stderr.contains(secret), "\(secret) in: \(result.stderr)")
        }
    }

    @Test func dockerDebugAddsTheFailingRequestToTheError() async throws {
        let home = try await TestHome.installed()
        try home.write(#"{"auths":{"127.0.0.1:1":{"auth":"\#(Data("alice:\(RealClientSandbox.aliceSecret)".utf8).base64EncodedString())"}}}"#, to: ".docker/config.json")
        let plain = try await ProcessRunner.run("docker", ["harbor", "projects", "--instance", "127.0.0.1:1"], environment: home.dockerEnvironment)
        let debug = try await ProcessRunner.run("docker", ["-D", "harbor", "projects", "--instance", "127.0.0.1:1"], environment: home.dockerEnvironment)
        #expect(plain.status == HarborCore.ExitStatus.connectionRefused && debug.status == HarborCore.ExitStatus.connectionRefused, "\(plain)\n\(debug)")
        #expect(!plain.stderr.contains("debug:"), "\(plain)")
        #expect(Self.traceLines(debug.stderr).contains { $0.contains("GET https://127.0.0.1:1/") && $0.contains("failed after") }, "\(debug)")
        #expect(debug.stderr.contains("  debug: GET https://127.0.0.1:1/"), "the error's own detail: \(debug)")
        for secret in Self.secrets(host: "127.0.0.1:1") {
            #expect(!debug.stderr.contains(secret), "\(secret) in: \(debug.stderr)")
        }
    }

    @Test(arguments: Helm.versions)
    func helmDebugTracesPush(version: String) async throws {
        let sandbox = try await RealClientSandbox.shared.get()
        let helm = try await Helm(version: version)
        defer { helm.remove() }
        let chart = try await FailureTableTests.packageChart(with: helm, version: "0.1.\(Helm.versions.firstIndex(of: version)!)")
        let login = try await helm.run(["harbor", "login", sandbox.host, "-u", "alice", "--password-stdin", "-q"], stdin: RealClientSandbox.aliceSecret)
        #expect(login.status == 0, "\(login)")

        let result = try await helm.run(["--debug", "harbor", "push", chart, "\(sandbox.host)/pkey"])
        #expect(result.status == 0, "\(result)")
        let trace = Self.traceLines(result.stderr)
        #expect(trace.contains { $0.contains("token scope: repository:pkey/") }, "the token scope asked for: \(trace)")
        #expect(trace.contains { $0.hasPrefix("debug: PUT http") && $0.contains("/v2/pkey/tablechart/manifests/0.1.\(Helm.versions.firstIndex(of: version)!) → 201") }, "\(trace)")
        #expect(trace.contains { $0.hasPrefix("debug: POST http") && $0.contains("/blobs/uploads/") }, "\(trace)")
        #expect(!trace.contains { $0.contains("?") }, "no query strings (upload URLs carry state, token URLs scopes): \(trace)")
        for secret in Self.secrets(host: sandbox.host) {
            #expect(!result.stderr.contains(secret), "\(secret) in: \(result.stderr)")
            #expect(!result.stdout.contains(secret), "\(secret) in: \(result.stdout)")
        }

        let quiet = try await helm.run(["harbor", "push", chart, "\(sandbox.host)/pkey"])
        #expect(quiet.status == 0, "\(quiet)")
        #expect(Self.traceLines(quiet.stderr + quiet.stdout).isEmpty, "no trace without --debug: \(quiet)")
    }
}
