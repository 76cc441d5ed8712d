import Foundation
import HarborCommands
import HarborCore
import HarborTestSupport
import Testing

/// The same failures through every command that talks to Harbor, run by the real docker client
/// and by real Helm: each failure ends with one exit status and one first line, whichever
/// command met it (README, "Exit codes"). Commands that cannot meet a failure are left out
/// (`login` is how one logs in; `use` reaches no Harbor).
@Suite(.serialized)
struct FailureTableTests {
    enum Failure: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case notLoggedIn, wrongSecret, badInstanceName, badTimeout, unreachableHost

        var testDescription: String { rawValue }

        /// The status, and what the first line of stderr says (after `Error: `).
        func expectation(host: String) -> (status: HarborCore.ExitStatus, fragment: String) {
            switch self {
            case .notLoggedIn: (.notLoggedIn, "not logged in to \(host)")
            case .wrongSecret: (.credentialsRejected, "rejected the credentials for alice")
            case .badInstanceName: (.usage, "'_' at position 3 is not allowed in customer name 'ac_me'")
            case .badTimeout: (.usage, "--timeout")
            case .unreachableHost: (.connectionRefused, "connection refused")
            }
        }
    }

    /// Nothing listens on port 1 of loopback: refused at once.
    static let unreachable = "127.0.0.1:1"

    /// One command line of a `docker harbor` or `helm harbor` command; `instance` is where the
    /// failure's instance goes, `chart` a packaged chart.
    struct Command: Sendable {
        let name: String
        /// The host program whose plugin has the command; nil: both.
        let only: PluginFlavor?
        let arguments: @Sendable (_ instance: String, _ chart: String) -> [String]
    }

    static let commands: [Command] = [
        Command(name: "login", only: nil) { instance, _ in ["login", instance, "-u", "alice", "--password-stdin"] },
        Command(name: "status", only: nil) { instance, _ in ["status", instance, "--check"] },
        Command(name: "projects", only: nil) { instance, _ in ["projects", "--instance", instance] },
        Command(name: "repos", only: nil) { instance, _ in ["repos", "pkey", "--instance", instance] },
        Command(name: "tags", only: nil) { instance, _ in ["tags", "pkey/\(RealClientSandbox.chart.name)", "--instance", instance] },
        Command(name: "use", only: nil) { instance, _ in ["use", instance] },
        Command(name: "charts", only: .helm) { instance, _ in ["charts", "pkey", "--instance", instance] },
        Command(name: "push", only: .helm) { instance, chart in ["push", chart, "\(instance)/pkey"] },
        // docker harbor push: the push-right check before docker pushes (no engine needed to fail).
        Command(name: "push", only: .docker) { instance, _ in ["push", "\(instance)/pkey/app:1"] },
    ]

    /// Which commands can meet `failure`.
    static func applies(_ command: Command, to failure: Failure) -> Bool {
        switch (command.name, failure) {
        case ("login", .notLoggedIn): false
        // docker's push has no --timeout of ours, and its reference names a host, not an instance.
        case ("push", .badTimeout), ("push", .badInstanceName): command.only == .helm
        case ("use", let failure): failure == .badInstanceName
        default: true
        }
    }

    /// What `failure` needs stored and typed: the instance word, the credentials in docker's
    /// config.json (Helm falls back to it), the secret login reads, extra arguments.
    static func setup(_ failure: Failure, host: String) -> (instance: String, stored: (host: String, secret: String)?, loginSecret: String, extra: [String]) {
        switch failure {
        case .notLoggedIn: (host, nil, RealClientSandbox.aliceSecret, [])
        case .wrongSecret: (host, (host, "WrongSecret1"), "WrongSecret1", [])
        case .badInstanceName: ("ac_me", (host, RealClientSandbox.aliceSecret), RealClientSandbox.aliceSecret, [])
        case .badTimeout: (host, (host, RealClientSandbox.aliceSecret), RealClientSandbox.aliceSecret, ["--timeout", "0"])
        case .unreachableHost: (unreachable, (unreachable, RealClientSandbox.aliceSecret), RealClientSandbox.aliceSecret, [])
        }
    }

    static func writeDockerConfig(_ directory: String, stored: (host: String, secret: String)?) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let auths = stored.map { #"{"\#($0.host)":{"auth":"\#(Data("alice:\($0.secret)".utf8).base64EncodedString())"}}"# } ?? "{}"
        try Data(#"{"auths":\#(auths)}"#.utf8).write(to: URL(fileURLWithPath: directory + "/config.json"))
    }

    /// Checks one run: the status under `flavor`, and `Error: …fragment…` as the first line.
    static func check(_ result: CompletedProcess, _ failure: Failure, _ command: Command, host: String, flavor: PluginFlavor) {
        let expected = failure.expectation(host: host)
        let label = "\(flavor.commandPath) \(command.name), \(failure.rawValue)"
        let firstLine = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(result.status == flavor.exitCode(expected.status), "\(label): \(result)")
        #expect(firstLine.hasPrefix("Error: ") && firstLine.contains(expected.fragment), "\(label): \(result)")
    }

    @Test(arguments: Failure.allCases)
    func throughDocker(_ failure: Failure) async throws {
        let sandbox = try await RealClientSandbox.shared.get()
        let home = try await TestHome.installed()
        let (instance, stored, loginSecret, extra) = Self.setup(failure, host: sandbox.host)
        for command in Self.commands where command.only != .helm && Self.applies(command, to: failure) {
            try Self.writeDockerConfig(home.dockerConfig, stored: stored)
            let arguments = ["harbor"] + command.arguments(instance, "") + extra
            let result = try await ProcessRunner.run("docker", arguments, environment: home.dockerEnvironment, stdin: loginSecret)
            Self.check(result, failure, command, host: sandbox.host, flavor: .docker)
        }
    }

    @Test(arguments: Failure.allCases)
    func throughHelm(_ failure: Failure) async throws {
        let sandbox = try await RealClientSandbox.shared.get()
        let helm = try await Helm(version: Helm.versions.last!)
        defer { helm.remove() }
        let chart = try await Self.packageChart(with: helm)
        let (instance, stored, loginSecret, extra) = Self.setup(failure, host: sandbox.host)
        for command in Self.commands where command.only != .docker && Self.applies(command, to: failure) {
            try Self.writeDockerConfig(helm.dockerConfig, stored: stored)
            try? FileManager.default.removeItem(atPath: helm.registryConfig)
            let result = try await helm.run(["harbor"] + command.arguments(instance, chart) + extra, stdin: loginSecret)
            Self.check(CompletedProcess(status: result.status, stdout: result.stdout, stderr: result.stderr), failure, command, host: sandbox.host, flavor: .helm)
            // Helm says its own word after ours (pkg/cmd/load_plugins.go): the plugin failed.
            #expect(result.stderr.contains("plugin \"harbor\" exited with error") || result.status == 0, "\(result)")
        }
    }

    /// A chart packaged by the real Helm, as a user pushes it.
    static func packageChart(with helm: Helm, version: String = "0.1.0") async throws -> String {
        let directory = helm.home + "/tablechart"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data("apiVersion: v2\nname: tablechart\nversion: \(version)\n".utf8).write(to: URL(fileURLWithPath: directory + "/Chart.yaml"))
        let result = try await helm.run(["package", directory, "-d", helm.home])
        guard result.status == 0 else { throw TestSupportError("helm package failed: \(result)") }
        return helm.home + "/tablechart-\(version).tgz"
    }
}
