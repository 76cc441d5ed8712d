import HarborCommandsTestSupport
import Foundation
import HarborCore
import Testing

import HarborCommands

/// Where login takes the secret from, and the usage mistakes it refuses before anything is sent:
/// docker/cli `cli/command/registry/login.go` (v29.7): `readSecretFromStdin` drops exactly one
/// trailing end of line and keeps every other byte; an empty `-u` is "username is empty".
struct LoginSecretSourceTests {
    @Test("--password-stdin drops exactly one trailing end of line and keeps all other whitespace", arguments: [
        ("s3cret\n", "s3cret"),
        ("s3cret\r\n", "s3cret"),
        ("s3cret\r", "s3cret"),
        ("s3cret\n\n", "s3cret\n"),
        ("s3cret\r\n\r\n", "s3cret\r\n"),
        ("  s3 cret \t\n", "  s3 cret \t"),
        ("s3cret", "s3cret"),
        ("\n", ""),
    ])
    func stdinSecret(input: String, secret: String) {
        #expect(LoginSecretSource.secret(fromStdin: Array(input.utf8)) == secret)
    }

    func login(_ arguments: [String], stdin: String = "", environment extra: [String: String] = [:]) async -> (status: Int32, stderr: String) {
        let captured = CapturedOutput()
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("harbor-login-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: home) }
        let input = InputSource(isInteractive: false, readAll: { Data(stdin.utf8) }, readLine: { _ in nil }, readSecret: { _ in nil })
        // No network: a usage mistake must stop before any request (NetworkAccess.unconfigured would say so).
        let status = await DockerPluginMain.run(
            arguments: ["harbor", "login"] + arguments,
            environment: ProcessEnvironment(variables: ["HOME": home, "PATH": "/usr/bin:/bin", "HARBOR_STORE": "file"].merging(extra) { $1 }, homeDirectory: home),
            output: captured.output, input: input)
        return (status, captured.stderr)
    }

    @Test("usage mistakes are refused before anything is read or sent", arguments: [
        (["harbor.example.com", "-u", "", "--password-stdin"], "s3cret", "the username given with -u/--username is empty"),
        (["harbor.example.com", "-u", "  ", "-p", "-"], "s3cret", "the username given with -u/--username is empty"),
        (["harbor.example.com", "-u", "alice", "--password-stdin"], " \n", "the secret read from stdin is empty"),
        (["harbor.example.com", "-u", "alice", "-p", ""], "", "the password given with --password is empty"),
        (["harbor.example.com", "-u", "alice", "-p", "x", "--password-stdin"], "", "--password and --password-stdin are mutually exclusive"),
    ])
    func usageMistakes(arguments: [String], stdin: String, message: String) async {
        let run = await login(arguments, stdin: stdin)
        #expect(run.status == 125, "\(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(!run.stderr.contains("no network configured"), "\(run.stderr)")
    }

    @Test("-p - reads the secret from stdin, as docker 29.6 does")
    func dashReadsStdin() async {
        // The secret is read; the attempt then reaches for the network, which this context has not.
        let run = await login(["harbor.example.com", "-u", "alice", "-p", "-"], stdin: "s3cret\n")
        #expect(run.stderr.contains("no network configured"), "\(run.stderr)")
        #expect(!run.stderr.contains("WARNING! Using --password"), "\(run.stderr)")
        #expect(!run.stderr.contains("s3cret"))
    }
}
