import Foundation
import HarborCore
import HarborTestSupport
import Testing

/// What a user sees on TAB, in real bash (with bash-completion) and real zsh driven through tmux,
/// against the sandbox: `docker harbor …` through docker's own cobra completion script
/// (`docker completion bash|zsh`, docker 28.2) and `helm harbor …` through Helm's plugin
/// completion (completion.yaml and plugin.complete) with real Helm 3.9.4 and 4.3.1.
@Suite(.serialized)
struct CompletionShellTests {
    enum Shell: String, CaseIterable, CustomTestStringConvertible {
        case bash, zsh
        var testDescription: String { rawValue }
    }

    static let secret = "Alice1234"
    static let fixture = SandboxFixture(
        users: [.init("alice", secret: secret)],
        projects: [
            .init("pkalpha", members: [.init("alice", .developer)],
                  repositories: [.init("app", tags: ["v1.0", "latest"]), .init("team/api", tags: ["2.0"])]),
            .init("pkbeta", members: [.init("alice", .guest)], repositories: [.init("tool", tags: ["3.0"])]),
            .init("other", members: [.init("alice", .maintainer)]),
            .init("library", public: true),
        ])

    let home: TestHome
    let sandbox: SandboxProcess
    let environment: [String: String]
    let socket = "harbor-completion-\(getpid())-\(UUID().uuidString.prefix(6))"
    let chartDirectory: String

    init() async throws {
        _ = try requireTool("tmux")
        _ = try requireTool("zsh")
        home = try await TestHome.installed()
        sandbox = try await SandboxProcess.start(fixture: Self.fixture)
        var environment = home.dockerEnvironment
        environment["PATH"] = home.path + "/bin:" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["TERM"] = "xterm"
        // The machine running the tests is shared and slow; the budget path has its own tests.
        environment["HARBOR_COMPLETION_TIMEOUT"] = "10"
        self.environment = environment
        let plugin = home.dockerConfig + "/cli-plugins/docker-harbor"
        let login = try await ProcessRunner.run(plugin, ["harbor", "login", sandbox.host, "-u", "alice", "--password-stdin", "-q"], environment: environment, stdin: Self.secret)
        #expect(login.status == 0, "\(login)")
        let use = try await ProcessRunner.run(plugin, ["harbor", "use", sandbox.host, "pkalpha"], environment: environment)
        #expect(use.status == 0, "\(use)")
        let lab = try await ProcessRunner.run(plugin, ["harbor", "config", "set", "instances.lab", "harbor.lab.example.com:8443"], environment: environment)
        #expect(lab.status == 0, "\(lab)")
        chartDirectory = home.path + "/charts"
        try FileManager.default.createDirectory(atPath: chartDirectory + "/sub", withIntermediateDirectories: true)
        for file in ["hello-0.2.0.tgz", "notes.txt", "values.yaml"] {
            FileManager.default.createFile(atPath: chartDirectory + "/" + file, contents: Data("x".utf8))
        }
    }

    // MARK: docker harbor

    @Test("docker harbor … <TAB> through docker's cobra completion", arguments: Shell.allCases)
    func docker(shell: Shell) async throws {
        let session = try await TerminalSession(shell: shell, socket: socket, environment: environment, directory: chartDirectory,
                                          setup: ["source <(docker completion \(shell.rawValue))"])
        defer { session.close() }

        var screen = try await session.tab("docker harbor pull ", until: ["pkalpha/", "pkbeta/", "other/", "library/", "app"])
        #expect(screen.contains("team/api"), "the default project's repositories complete as typed:\n\(screen)")

        screen = try await session.tab("docker harbor pull pk", until: ["pkalpha/", "pkbeta/"])
        #expect(!screen.contains("other/") && !screen.contains("library/"), "\(screen)")

        screen = try await session.tab("docker harbor pull pkalpha/", until: ["pkalpha/app", "pkalpha/team/api"])

        screen = try await session.tab("docker harbor pull pkalpha/app:", until: ["latest", "v1.0"])
        #expect(!screen.contains("2.0"), "\(screen)")

        // One candidate: inserted on the line.
        screen = try await session.tab("docker harbor pull pkalpha/team/api:", until: ["pull pkalpha/team/api:2.0"])

        // Short reference in the default project, as typed.
        screen = try await session.tab("docker harbor pull app:", until: ["latest", "v1.0"])

        screen = try await session.tab("docker harbor login ", until: ["lab", sandbox.host])

        screen = try await session.tab("docker harbor lo", until: ["login", "logout"])

        screen = try await session.tab("docker harbor tags pkalpha/t", until: ["tags pkalpha/team/api"])
        screen = try await session.tab("docker harbor repos pkb", until: ["repos pkbeta"])
    }

    // MARK: helm harbor

    static let helmVersions = ["3.9.4", "4.3.1"]

    @Test("helm harbor … <TAB> through Helm's plugin completion", arguments: Shell.allCases, helmVersions)
    func helm(shell: Shell, version: String) async throws {
        let helm = try Helm.binary(version: version)
        let bin = home.path + "/bin"
        try? FileManager.default.removeItem(atPath: bin + "/helm")
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: bin + "/helm", withDestinationPath: helm)
        let session = try await TerminalSession(shell: shell, socket: socket, environment: environment, directory: chartDirectory,
                                          setup: ["source <(helm completion \(shell.rawValue))"])
        defer { session.close() }

        // Chart archives and directories, not other files.
        var screen = try await session.tab("helm harbor push ", until: ["hello-0.2.0.tgz", "sub/"])
        #expect(!screen.contains("notes.txt") && !screen.contains("values.yaml"), "\(screen)")

        // Only projects alice may push to.
        screen = try await session.tab("helm harbor push hello-0.2.0.tgz ", until: ["pkalpha", "other"])
        #expect(!screen.contains("pkbeta") && !screen.contains("library"), "\(screen)")

        screen = try await session.tab("helm harbor lo", until: ["login", "logout"])
        screen = try await session.tab("helm harbor charts pka", until: ["charts pkalpha"])
    }
}

/// An interactive shell in tmux, set up like a user's: bash with bash-completion, or zsh with
/// compinit; candidates listed on the first TAB.
final class TerminalSession {
    let socket: String
    let name = "completion"
    let environment: [String: String]
    static let prompt = "READY>"

    init(shell: CompletionShellTests.Shell, socket: String, environment: [String: String], directory: String, setup: [String]) async throws {
        self.socket = socket
        self.environment = environment
        var command = ["env", "-i"] + environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        switch shell {
        case .bash: command += ["bash", "--norc", "--noprofile", "-i"]
        case .zsh: command += ["zsh", "-f", "-i"]
        }
        let started = try await tmux(["new-session", "-d", "-s", name, "-x", "200", "-y", "50", "-c", directory] + command)
        guard started.status == 0 else { throw SandboxProcessError("tmux did not start: \(started)") }
        var lines: [String]
        switch shell {
        case .bash:
            lines = [
                "source /usr/share/bash-completion/bash_completion",
                "bind 'set show-all-if-ambiguous on'; bind 'set completion-query-items 0'; bind 'set page-completions off'; bind 'set bell-style none'",
            ]
        case .zsh:
            lines = [
                "autoload -Uz compinit; compinit -u -D; zstyle ':completion:*' list-prompt ''; zstyle ':completion:*' menu no; unsetopt beep listambiguous",
            ]
        }
        lines += setup
        lines.append("PS1='\(Self.prompt) '; clear")
        for line in lines {
            _ = try await tmux(["send-keys", "-t", name, "-l", line])
            _ = try await tmux(["send-keys", "-t", name, "Enter"])
        }
        _ = try await waitFor([Self.prompt])
    }

    /// Types `line`, presses TAB once, and returns the screen once every text in `until` shows
    /// (or, failing that, records an issue with what the screen shows). Then clears the line.
    @discardableResult
    func tab(_ line: String, until expected: [String]) async throws -> String {
        _ = try await tmux(["send-keys", "-t", name, "-l", line])
        _ = try await tmux(["send-keys", "-t", name, "Tab"])
        let screen = try await waitFor(expected.map { $0 }, below: true)
        // End of line, then delete it (C-u kills to the start in bash and the whole line in zsh).
        _ = try await tmux(["send-keys", "-t", name, "C-e"])
        _ = try await tmux(["send-keys", "-t", name, "C-u"])
        _ = try await tmux(["send-keys", "-t", name, "-l", "clear"])
        _ = try await tmux(["send-keys", "-t", name, "Enter"])
        // The old prompt is on the screen until `clear` has run: wait for a screen holding the
        // fresh prompt and nothing else.
        _ = try await waitUntil("only the prompt") { screen in
            screen.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty } == [Substring(Self.prompt)]
        }
        return screen
    }

    func waitFor(_ texts: [String], below: Bool = false, seconds: Double = 30) async throws -> String {
        try await waitUntil("\(texts)", seconds: seconds) { screen in texts.allSatisfy(screen.contains) }
    }

    /// Polls the screen until `shows` holds for it (or, failing that, records an issue with the
    /// last screen).
    func waitUntil(_ what: String, seconds: Double = 30, _ shows: (String) -> Bool) async throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try await tmux(["capture-pane", "-p", "-t", name]).stdout
            if shows(last) { return last }
            try? await Task.sleep(for: .seconds(0.1))
        }
        Issue.record("the terminal does not show \(what):\n\(last)")
        return last
    }

    /// Called from `defer`, which cannot wait asynchronously: the one blocking run (tmux exits at once).
    func close() { _ = try? ProcessRunner.runBlocking("tmux", ["-L", socket, "kill-server"], environment: environment) }

    func tmux(_ arguments: [String]) async throws -> CompletedProcess {
        let full = ["tmux", "-L", socket] + arguments
        // See LoginInteractionTests.tmux: the tmux server keeps nothing of ours open.
        return try await ProcessRunner.run(full[0], Array(full.dropFirst()), environment: environment)
    }
}
