import Foundation
import HarborCore

/// A minimal Docker Engine API on a unix socket, for the real docker client to talk to until
/// a real engine is part of the test support: answers `/_ping`, records every request with its
/// `X-Registry-Auth`, lets pulls succeed, and answers a push with the error stream the daemon
/// sends when Harbor denies it (Harbor 2.7's text, goharbor/harbor v2.7.0,
/// src/server/middleware/v2auth/auth.go).
final class FakeDockerEngine {
    static let script = #"""
        import http.server, socketserver, sys, os, json

        socket_path, log_path = sys.argv[1], sys.argv[2]
        denial = "unauthorized to access repository: pkey/app, action: push"

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
                if "/push" in self.path:
                    message = "unauthorized: " + denial + ": " + denial
                    self.reply(200, json.dumps({"status": "Preparing", "id": "abc"}) + "\n"
                               + json.dumps({"errorDetail": {"message": message}, "error": message}) + "\n")
                else:
                    self.reply(200, json.dumps({"status": "Pulled (fake engine)"}) + "\n")

        class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
            daemon_threads = True

        if os.path.exists(socket_path): os.unlink(socket_path)
        with Server(socket_path, Handler) as server:
            print("ready", flush=True)
            server.serve_forever()
        """#

    let process: ProcessRunner.Running
    let socket: String
    let log: String

    init(directory: String) throws {
        let file = directory + "/fake-engine-native.py"
        try Data(Self.script.utf8).write(to: URL(fileURLWithPath: file))
        socket = directory + "/engine-native.sock"
        log = directory + "/engine-native.log"
        process = try ProcessRunner.start("python3", [file, socket, log], environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: socket) { Thread.sleep(forTimeInterval: 0.05) }
    }

    // SIGKILL: the test runner blocks SIGTERM, and children inherit that mask.
    deinit { kill(process.pid, SIGKILL) }

    /// The credentials docker sent with its requests (decoded X-Registry-Auth).
    func registryAuths() -> [[String: String]] {
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line -> [String: String]? in
            guard let entry = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let header = entry["auth"] as? String, let data = Base64URL.decode(header) else { return nil }
            return try? JSONSerialization.jsonObject(with: data) as? [String: String]
        }
    }
}
