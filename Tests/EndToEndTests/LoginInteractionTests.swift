import Foundation
import HarborCommands
import HarborCore
import HarborTestSupport
import Testing

/// Login as a person at a terminal (tmux), with a browser to open, and many logins at once.
@Suite(.serialized)
struct LoginInteractionTests {
    let home: TestHome
    let environment: [String: String]

    init() async throws {
        home = try await TestHome.installed()
        // docker's file store (the setting store=file): pass is on PATH here but not initialised.
        environment = home.dockerEnvironment.merging(["HARBOR_STORE": "file"]) { $1 }
    }

    func tmux(_ arguments: [String]) async throws -> CompletedProcess {
        let full = ["tmux", "-L", "harbor-e2e-\(getpid())"] + arguments
        let environment = environment.merging(["TERM": "xterm"]) { $1 }
        // ProcessRunner's children inherit no descriptor but 0-2, and those are files: the tmux
        // server the first command forks keeps nothing of ours open.
        return try await ProcessRunner.run(full[0], Array(full.dropFirst()), environment: environment)
    }

    func screen(_ session: String) async throws -> String { try await tmux(["capture-pane", "-p", "-t", session]).stdout }

    /// Waits until the pane shows `text` (capture-pane drops trailing spaces, so prompts are
    /// matched without theirs).
    func waitFor(_ text: String, in session: String = "login", seconds: Double = 20) async throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try await screen(session)
            if last.contains(text) { return last }
            try? await Task.sleep(for: .seconds(0.2))
        }
        Issue.record("'\(text)' did not appear on the terminal:\n\(last)")
        return last
    }

    @Test func promptsAtATerminalWithoutEchoingTheSecret() async throws {
        _ = try requireTool("tmux")
        let sandbox = try await SharedLoginSandbox.plain.get()
        let command = "docker harbor login \(sandbox.host); echo \"exit=$?\""
        let started = try await tmux(["new-session", "-d", "-s", "login", "-x", "160", "-y", "40", "env", "HOME=\(home.path)", "DOCKER_CONFIG=\(home.dockerConfig)", "HARBOR_STORE=file", "PATH=\(environment["PATH"]!)", "bash", "--norc", "-c", command + "; read -r keep_the_pane_open"])
        #expect(started.status == 0, "\(started)")
        defer { _ = try? ProcessRunner.runBlocking("tmux", ["-L", "harbor-e2e-\(getpid())", "kill-server"], environment: environment) }
        _ = try await waitFor("Username:")
        _ = try await tmux(["send-keys", "-t", "login", "alice", "Enter"])
        _ = try await waitFor("CLI secret:")
        _ = try await tmux(["send-keys", "-t", "login", "-l", LoginFixture.aliceSecret])
        _ = try await tmux(["send-keys", "-t", "login", "Enter"])
        let final = try await waitFor("exit=")
        #expect(final.contains("exit=0"), "\(final)")
        #expect(final.contains("Login Succeeded"))
        #expect(final.contains("Harbor CLI secret for alice@\(sandbox.host)"))
        #expect(!final.contains(LoginFixture.aliceSecret), "the secret must not be echoed")

        // Next time the stored username is offered as the default.
        let again = try await tmux(["new-session", "-d", "-s", "again", "-x", "160", "-y", "40", "env", "HOME=\(home.path)", "DOCKER_CONFIG=\(home.dockerConfig)", "HARBOR_STORE=file", "PATH=\(environment["PATH"]!)", "bash", "--norc", "-c", command + "; read -r keep_the_pane_open"])
        #expect(again.status == 0)
        _ = try await waitFor("Username (alice):", in: "again")
        _ = try await tmux(["send-keys", "-t", "again", "Enter"])
        _ = try await waitFor("CLI secret:", in: "again")
        _ = try await tmux(["send-keys", "-t", "again", "-l", LoginFixture.aliceSecret])
        _ = try await tmux(["send-keys", "-t", "again", "Enter"])
        await #expect(try waitFor("exit=", in: "again").contains("exit=0"))
    }

    @Test func openShowsTheHarborUIWhenTheSecretIsRejected() async throws {
        let sandbox = try await SharedLoginSandbox.plain.get()
        let browser = home.path + "/browser.sh"
        try Data("#!/bin/sh\necho \"$1\" > \(home.path)/opened\n".utf8).write(to: URL(fileURLWithPath: browser))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: browser)
        let result = try await ProcessRunner.run("docker", ["-D", "harbor", "login", sandbox.host, "-u", "alice", "--password-stdin", "--open"], environment: environment.merging(["BROWSER": browser]) { $1 }, stdin: "wrong-secret")
        #expect(result.status == HarborCore.ExitStatus.credentialsRejected)
        #expect(try home.read("opened") == "http://\(sandbox.host)\n", "a plain-HTTP loopback instance's UI is at http://")
        #expect(!result.stderr.contains("wrong-secret") && !result.stdout.contains("wrong-secret"), "even with -D")
    }

    /// Twenty registries on twenty loopback ports, each answering the check like Harbor.
    static let multiPortRegistry = #"""
        import http.server, socketserver, sys, threading
        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args): pass
            def do_GET(self):
                body = b"{}" if self.path.startswith("/v2/") else b"[]"
                self.send_response(200 if self.headers.get("Authorization", "").startswith("Basic ") else 401)
                self.send_header("Content-Type", "application/json")
                self.send_header("X-Total-Count", "0")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
        servers = [socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler) for _ in range(int(sys.argv[1]))]
        for server in servers:
            threading.Thread(target=server.serve_forever, daemon=True).start()
        print(" ".join(str(s.server_address[1]) for s in servers), flush=True)
        sys.stdin.read()
        """#

    @Test func twentyConcurrentLoginsAllLand() async throws {
        let script = home.path + "/registries.py"
        try Data(Self.multiPortRegistry.utf8).write(to: URL(fileURLWithPath: script))
        let process = try ChildProcess(
            executable: try ProcessRunner.which("python3", path: environment["PATH"]), arguments: [script, "20"], environment: environment,
            stdin: .pipe, stdout: .pipe)
        defer { try? process.stdinWriter?.close(); process.waitUntilExit() }
        let ports = String(decoding: process.stdoutReader!.availableData, as: UTF8.self).split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        try #require(ports.count == 20)

        try home.write("{\n\t\"auths\": {\n\t\t\"keep.example.com\": {\"auth\": \"a2VlcDptZQ==\"}\n\t}\n}\n", to: ".docker/config.json")
        let runs = try ports.map { port in
            try ProcessRunner.start("docker", ["harbor", "login", "127.0.0.1:\(port)", "-u", "user\(port)", "--password-stdin", "-q"], environment: environment, stdin: "Secret\(port)")
        }
        for run in runs {
            let result = await run.wait()
            #expect(result.status == 0, "\(result)")
        }
        let docker = try JSONSerialization.jsonObject(with: Data(home.read(".docker/config.json").utf8)) as? [String: Any]
        let auths = docker?["auths"] as? [String: [String: String]] ?? [:]
        for port in ports {
            #expect(auths["127.0.0.1:\(port)"]?["auth"] == Data("user\(port):Secret\(port)".utf8).base64EncodedString(), "127.0.0.1:\(port)")
        }
        // One place only: Helm reads docker's file.
        #expect(!FileManager.default.fileExists(atPath: home.path + "/.config/helm/registry/config.json"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: home.dockerConfig).sorted() == ["cli-plugins", "config.json"])
        #expect((docker?["auths"] as? [String: Any])?["keep.example.com"] != nil)
    }
}
