import Foundation
import HarborCore
import HarborTestSupport
import Testing

/// `harbor-sandbox --demo` on a first run: the commands it prints are executed, in order, on a
/// machine where docker's default credential store cannot work (pass installed, its store never
/// initialised: docker itself fails there too). Real parts: the built harbor-sandbox in front of
/// the CNCF registry, the plugins as install.sh installs them, the docker client with a real
/// dockerd for the pull, real Helm 4.3.1 for `helm harbor push`, docker's own `__complete` for the TAB.
@Suite("harbor-sandbox --demo: every printed command works", .serialized)
struct DemoTests {
    /// The printed command lines: from the heading to the next blank line.
    static func commands(in output: String, heading: String) -> [String] {
        let lines = output.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: heading) else { return [] }
        return Array(lines[(start + 1)...].prefix { !$0.trimmingCharacters(in: .whitespaces).isEmpty }).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    @Test("with pass installed but not initialised: the demo says why, logs in with --file-store, and login, use, push, tags, TAB and pull all work")
    func demoOnUninitialisedPass() async throws {
        try requireTool("pass")
        try requireTool("docker-credential-pass")
        let docker = try requireTool("docker").path
        let engine = try await DockerEngine.shared.start()
        let scratch = try Scratch()
        // A fresh user: the plugins installed by install.sh, nothing else (no HARBOR_STORE, no password store).
        let helm = try await Helm(version: "4.3.1", home: scratch.path("home").path)
        var environment = helm.environment
        environment["HARBOR_STORE"] = nil
        environment["PATH"] = URL(fileURLWithPath: helm.binary).deletingLastPathComponent().path + ":" + URL(fileURLWithPath: docker).deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment.merge(engine.environment) { $1 }
        #expect(!FileManager.default.fileExists(atPath: helm.home + "/.password-store"))

        // The demo sandbox, as a user starts it.
        let stdoutFile = scratch.path("demo.out"), stderrFile = scratch.path("demo.err")
        _ = FileManager.default.createFile(atPath: stdoutFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        let stdoutHandle = try FileHandle(forWritingTo: stdoutFile), stderrHandle = try FileHandle(forWritingTo: stderrFile)
        let sandbox = try ChildProcess(
            executable: try SandboxProcess.locateBinary().path, arguments: ["--demo", "--stop-on-stdin-eof"], environment: environment,
            stdin: .pipe, stdout: .descriptor(stdoutHandle.fileDescriptor), stderr: .descriptor(stderrHandle.fileDescriptor))
        try? stdoutHandle.close()
        try? stderrHandle.close()
        defer { _ = sandbox.stop(grace: .seconds(5)) }
        var output = ""
        let deadline = Date().addingTimeInterval(60)
        while !output.contains("Press Ctrl-C"), Date() < deadline, sandbox.isRunning {
            try await Task.sleep(nanoseconds: 50_000_000)
            output = (try? String(contentsOf: stdoutFile, encoding: .utf8)) ?? ""
        }
        try #require(output.contains("Press Ctrl-C"), "the demo did not start: \(output) \((try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "")")
        let host = try #require(output.split(separator: "\n").first.map { String($0.dropFirst("http://".count)) })

        // It says in one line why the default store cannot work, and where the demo chart is.
        #expect(output.contains("Note: docker's default credential store (docker-credential-pass) cannot work here: the password store \(helm.home)/.password-store is not initialised"), "\(output)")
        let chartLine = try #require(output.split(separator: "\n").first { $0.contains("demo chart:") })
        let chartPath = try #require(chartLine.split(separator: " ").first { $0.hasSuffix(".tgz") }.map(String.init))
        #expect(FileManager.default.fileExists(atPath: chartPath), "\(chartLine)")

        let commands = Self.commands(in: output, heading: "Try the plugins (./install.sh installed them); run these in order:")
        #expect(commands.count == 7, "\(commands)")
        #expect(commands.first?.hasSuffix("--password-stdin --file-store") == true, "\(commands)")
        #expect(commands.contains("helm harbor push \(chartPath)"), "\(commands)")
        #expect(!commands.contains { $0.contains("--plain-http") || $0.hasPrefix("helm push") }, "\(commands)")

        for command in commands {
            if let tab = command.range(of: "<TAB>") {
                // Typed into a real bash with docker's completion loaded, TAB pressed (CompletionShellTests' TerminalSession).
                try requireTool("tmux")
                var shell = environment
                shell["TERM"] = "xterm"
                // The machine running the tests is shared and slow; the time budget has its own tests.
                shell["HARBOR_COMPLETION_TIMEOUT"] = "10"
                let session = try await TerminalSession(
                    shell: .bash, socket: "harbor-demo-\(getpid())-\(UUID().uuidString.prefix(6))", environment: shell, directory: scratch.url.path,
                    setup: ["source <(docker completion bash)"])
                defer { session.close() }
                let typed = String(command[..<tab.lowerBound])
                _ = try await session.tab(typed, until: ["demo/", "library/", "hello-app"])
                // And the next level, as the shell's completion asks docker: `docker __complete WORDS… demo/`.
                let words = typed.split(separator: " ").dropFirst().map(String.init)
                let repositories = try await ProcessRunner.run(docker, ["__complete"] + words + ["demo/"], environment: environment)
                #expect(repositories.stdout.contains("demo/hello-app"), "\(command) demo/: \(repositories.stdout)")
                continue
            }
            let ran = try await ProcessRunner.run("/bin/bash", ["-c", command], environment: environment)
            #expect(ran.status == 0, "\(command): \(ran)")
            if command.hasPrefix("docker harbor tags") { #expect(ran.stdout.contains("0.2.0"), "the pushed chart is not listed: \(ran.stdout)") }
            if command.hasPrefix("helm harbor status") { #expect(ran.stdout.contains("demo"), "\(ran.stdout)") }
        }
        // The pull reached the engine; the image is there under its full name.
        let image = "\(host)/demo/hello-app:1.0"
        let inspected = try await ProcessRunner.run(docker, ["image", "inspect", image], environment: environment)
        #expect(inspected.status == 0, "\(inspected)")
        _ = try await ProcessRunner.run(docker, ["image", "rm", image], environment: environment)
        // And the secret went where --file-store said: docker's config.json, 0600, no credsStore.
        let config = try String(contentsOfFile: helm.dockerConfig + "/config.json", encoding: .utf8)
        #expect(config.contains(host) && !config.contains("credsStore"), "\(config)")
    }
}
