import Foundation
import HarborCore
import HarborTestSupport
import Testing

/// What `docker harbor login` stores is what the real docker client then uses: a fake engine
/// on a unix socket records the `X-Registry-Auth` header that `docker pull` sends
/// (docker/cli v28.2.2, cli/config/configfile/file.go, cli/config/credentials), with the plain
/// file and with a real credential helper
/// (docker-credential-pass from golang-docker-credential-helpers, backed by pass and a
/// throwaway GPG key).
@Suite(.serialized)
struct DockerCredentialUseTests {
    let home: TestHome
    let environment: [String: String]

    init() async throws {
        home = try await TestHome.installed()
        // docker's file store unless a test configures a helper (pass is on PATH but not
        // initialised in this HOME until home.initialisedPassStore()).
        environment = home.dockerEnvironment.merging(["HARBOR_STORE": "file"]) { $1 }
    }

    /// A minimal Docker Engine API on a unix socket: answers /_ping and image pulls, and writes
    /// each request's method, path and X-Registry-Auth to a log.
    static let fakeEngine = #"""
        import http.server, socketserver, sys, os, json

        socket_path, log_path = sys.argv[1], sys.argv[2]

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def address_string(self): return "unix"
            def log_message(self, *args): pass
            def reply(self, status, body, content_type="application/json"):
                data = body.encode()
                self.send_response(status)
                self.send_header("Api-Version", "1.49")
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            def record(self):
                with open(log_path, "a") as log:
                    log.write(json.dumps({"method": self.command, "path": self.path,
                                          "auth": self.headers.get("X-Registry-Auth")}) + "\n")
            def do_HEAD(self):
                self.record(); self.reply(200, "")
            def do_GET(self):
                self.record(); self.reply(200, "OK" if "_ping" in self.path else "{}", "text/plain")
            def do_POST(self):
                self.record()
                length = int(self.headers.get("Content-Length") or 0)
                if length: self.rfile.read(length)
                self.reply(200, json.dumps({"status": "Pulled (fake engine)"}) + "\n")

        class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
            daemon_threads = True

        if os.path.exists(socket_path): os.unlink(socket_path)
        with Server(socket_path, Handler) as server:
            print("ready", flush=True)
            server.serve_forever()
        """#

    final class Engine {
        let process: ProcessRunner.Running
        let socket: String
        let log: String

        init(directory: String) async throws {
            let script = directory + "/fake-engine.py"
            try Data(DockerCredentialUseTests.fakeEngine.utf8).write(to: URL(fileURLWithPath: script))
            socket = directory + "/engine.sock"
            log = directory + "/engine.log"
            process = try ProcessRunner.start("python3", [script, socket, log], environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
            for _ in 0..<100 where !FileManager.default.fileExists(atPath: socket) { try? await Task.sleep(for: .seconds(0.05)) }
        }

        // SIGKILL: a fake engine has nothing to flush.
        deinit { kill(process.pid, SIGKILL) }

        /// The credentials docker sent with its pull requests.
        func registryAuths() throws -> [[String: String]] {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").compactMap { line -> [String: String]? in
                guard let entry = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      let header = entry["auth"] as? String else { return nil }
                guard let data = Base64URL.decode(header) else { return nil }
                return try? JSONSerialization.jsonObject(with: data) as? [String: String]
            }
        }
    }

    func docker(_ arguments: [String], stdin: String? = nil, extra: [String: String] = [:]) async throws -> CompletedProcess {
        try await ProcessRunner.run("docker", arguments, environment: environment.merging(extra) { $1 }, stdin: stdin)
    }

    @Test func dockerPullSendsTheStoredCredentialsAndDockerLogoutRemovesThem() async throws {
        let sandbox = try await SharedLoginSandbox.plain.get()
        let engine = try await Engine(directory: home.path)
        let login = try await docker(["harbor", "login", sandbox.host, "-u", "alice", "--password-stdin", "-q"], stdin: LoginFixture.aliceSecret)
        #expect(login.status == 0, "\(login)")

        let pull = try await docker(["-H", "unix://\(engine.socket)", "pull", "\(sandbox.host)/pkey/app:1"])
        #expect(pull.status == 0, "\(pull)")
        let auths = try engine.registryAuths()
        #expect(auths.contains { $0["username"] == "alice" && $0["password"] == LoginFixture.aliceSecret && $0["serveraddress"] == sandbox.host }, "\(auths)")

        // docker's own logout finds and removes what we stored.
        let logout = try await docker(["logout", sandbox.host])
        #expect(logout.status == 0, "\(logout)")
        let config = try JSONSerialization.jsonObject(with: Data(home.read(".docker/config.json").utf8)) as? [String: Any]
        #expect((config?["auths"] as? [String: Any])?[sandbox.host] == nil)
    }

    /// Sets up `pass` with a fresh GPG key in this HOME; returns the environment for it.
    @Test func aRealCredentialHelperStoresReturnsAndErases() async throws {
        let sandbox = try await SharedLoginSandbox.plain.get()
        let passEnvironment = try await home.initialisedPassStore(environment)
        defer { home.stopPassAgent(passEnvironment) }
        try home.write("{\n\t\"credsStore\": \"pass\"\n}\n", to: ".docker/config.json")

        let login = try await docker(["harbor", "login", sandbox.host, "-u", "alice", "--password-stdin", "--docker-only"], stdin: LoginFixture.aliceSecret, extra: passEnvironment)
        #expect(login.status == 0, "\(login)")
        #expect(login.stdout.contains("Credentials stored in docker-credential-pass (docker)"), "\(login)")
        #expect(!login.stderr.contains("unencrypted"))
        // The file holds docker's empty placeholder, not the secret.
        let text = try home.read(".docker/config.json")
        #expect(!text.contains(Data("alice:\(LoginFixture.aliceSecret)".utf8).base64EncodedString()))
        // The helper returns it…
        let get = try await ProcessRunner.run("docker-credential-pass", ["get"], environment: passEnvironment, stdin: sandbox.host)
        #expect(get.stdout.contains("\"Username\":\"alice\""), "\(get)")
        // …and docker uses it.
        let engine = try await Engine(directory: home.path)
        let pull = try await docker(["-H", "unix://\(engine.socket)", "pull", "\(sandbox.host)/pkey/app:1"], extra: passEnvironment)
        #expect(pull.status == 0, "\(pull)")
        #expect(try engine.registryAuths().contains { $0["username"] == "alice" && $0["password"] == LoginFixture.aliceSecret })

        let logout = try await docker(["harbor", "logout", sandbox.host, "--docker-only"], extra: passEnvironment)
        #expect(logout.status == 0, "\(logout)")
        #expect(logout.stdout.contains("removed from docker (docker-credential-pass)"), "\(logout)")
        // Debian's docker-credential-pass 0.6.4 answers a missing entry with empty fields (or the
        // not-found text in newer versions): either way, nothing is left.
        let gone = try await ProcessRunner.run("docker-credential-pass", ["list"], environment: passEnvironment)
        #expect(gone.status == 0, "\(gone)")
        #expect(!gone.stdout.contains(sandbox.host), "\(gone)")
    }

    @Test("after a login into pass, a TAB completes project keys at once: login filled the cache, and completion runs no helper")
    func completionAfterALoginIntoPass() async throws {
        let sandbox = try await SharedLoginSandbox.plain.get()
        let passEnvironment = try await home.initialisedPassStore(environment)
        defer { home.stopPassAgent(passEnvironment) }
        try home.write("{\n\t\"credsStore\": \"pass\"\n}\n", to: ".docker/config.json")
        // Not --quiet: the login that lists the projects is the one that caches them.
        let login = try await docker(["harbor", "login", sandbox.host, "-u", "alice", "--password-stdin", "--docker-only"], stdin: LoginFixture.aliceSecret, extra: passEnvironment)
        #expect(login.stdout.contains("Credentials stored in docker-credential-pass"), "\(login)")
        #expect(login.status == 0, "\(login)")
        await #expect(try docker(["harbor", "use", sandbox.host], extra: passEnvironment).status == 0)
        // The secret is only in pass; the TAB must not run docker-credential-pass (gpg could prompt).
        let hidden = passEnvironment.merging(["PATH": "/nonexistent"]) { $1 }
        let tab = try await ProcessRunner.run(home.dockerConfig + "/cli-plugins/docker-harbor", ["__complete", "harbor", "pull", ""], environment: hidden)
        #expect(tab.status == 0 && tab.stderr.isEmpty, "\(tab)")
        #expect(tab.stdout.contains("pkey/\tdeveloper\n"), "\(tab)")
    }

    @Test func credHelpersForOneHostLeaveOthersInTheFile() async throws {
        let sandbox = try await SharedLoginSandbox.plain.get()
        let passEnvironment = try await home.initialisedPassStore(environment)
        defer { home.stopPassAgent(passEnvironment) }
        try home.write("{\n\t\"auths\": {},\n\t\"credHelpers\": {\n\t\t\"\(sandbox.host)\": \"pass\"\n\t}\n}\n", to: ".docker/config.json")
        let login = try await docker(["harbor", "login", sandbox.host, "-u", "alice", "--password-stdin", "--docker-only", "-q"], stdin: LoginFixture.aliceSecret, extra: passEnvironment)
        #expect(login.status == 0, "\(login)")
        let get = try await ProcessRunner.run("docker-credential-pass", ["get"], environment: passEnvironment, stdin: sandbox.host)
        #expect(get.stdout.contains("\"Username\":\"alice\""), "\(get)")
        // Another host without a helper entry goes to the file.
        let other = "localhost:" + sandbox.host.split(separator: ":").last!
        let second = try await docker(["harbor", "login", other, "-u", "alice", "--password-stdin", "--docker-only", "-q"], stdin: LoginFixture.aliceSecret, extra: passEnvironment)
        #expect(second.status == 0, "\(second)")
        let config = try JSONSerialization.jsonObject(with: Data(home.read(".docker/config.json").utf8)) as? [String: Any]
        let auths = config?["auths"] as? [String: [String: String]]
        #expect(auths?[other]?["auth"] == Data("alice:\(LoginFixture.aliceSecret)".utf8).base64EncodedString())
        #expect(auths?[sandbox.host]?["auth"] == nil)
    }
}
