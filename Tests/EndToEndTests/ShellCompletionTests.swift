import Foundation
import HarborTestSupport
import Testing

/// Our bash and zsh completion files, loaded by real shells, completing the standalone
/// docker-harbor and helm-harbor commands through the plugins' `__complete` protocol.
@Suite(.serialized)
struct ShellCompletionTests {
    let home: TestHome
    let environment: [String: String]

    init() async throws {
        home = try await TestHome.installed()
        var environment = home.environment
        environment["PATH"] = home.dockerConfig + "/cli-plugins:" + home.helmPluginDir + "/bin:" + (environment["PATH"] ?? "")
        self.environment = environment
    }

    /// Runs our bash completion function the way bash does on TAB, and returns COMPREPLY.
    func bashComplete(_ line: [String]) async throws -> [String] {
        let words = line.map { "'\($0)'" }.joined(separator: " ")
        let script = """
            source \(home.path)/.local/share/bash-completion/completions/\(line[0])
            COMP_WORDS=(\(words)); COMP_CWORD=\(line.count - 1)
            _harbor_plugins_complete
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let result = try await ProcessRunner.run("/bin/bash", ["--norc", "--noprofile", "-c", script], environment: environment)
        #expect(result.status == 0, "\(result)")
        return result.stdout.split(separator: "\n").map(String.init)
    }

    @Test func bashCompletesCommandsFlagsAndKeys() async throws {
        #expect(try await bashComplete(["docker-harbor", ""]) == ["login", "logout", "status", "doctor", "projects", "repos", "tags", "parse", "use", "config", "version", "hooks", "pull", "push", "tag", "run"])
        #expect(try await bashComplete(["docker-harbor", "con"]) == ["config"])
        #expect(try await bashComplete(["docker-harbor", "config", "set", "r"]) == ["robot-prefixes"])
        #expect(try await bashComplete(["helm-harbor", "parse", "--"]) == ["--format", "--help"])
    }

    @Test func bashOffersChartArchivesForHelmPush() async throws {
        let directory = home.path + "/charts"
        try FileManager.default.createDirectory(atPath: directory + "/sub", withIntermediateDirectories: true)
        for file in ["hello-0.2.0.tgz", "notes.txt"] { FileManager.default.createFile(atPath: directory + "/" + file, contents: Data()) }
        let script = """
            cd \(directory)
            source \(home.path)/.local/share/bash-completion/completions/helm-harbor
            COMP_WORDS=(helm-harbor push ''); COMP_CWORD=2
            _harbor_plugins_complete
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let result = try await ProcessRunner.run("/bin/bash", ["--norc", "--noprofile", "-c", script], environment: environment)
        #expect(result.status == 0, "\(result)")
        #expect(Set(result.stdout.split(separator: "\n").map(String.init)) == ["hello-0.2.0.tgz", "sub"], "\(result)")
    }

    @Test func zshCompletesThroughCompsys() async throws {
        // zsh's zpty drives an interactive shell: type, press TAB, read what was inserted.
        let script = """
            zmodload zsh/zpty
            zpty -b z 'zsh -f -i'
            zpty -w z 'PS1="> "; fpath=(\(home.path)/.local/share/zsh/site-functions $fpath); autoload -Uz compinit; compinit -u -D; zstyle ":completion:*" list-prompt ""'
            zpty -w z 'autoload -Uz _harbor-plugins; compdef _harbor-plugins docker-harbor helm-harbor'
            zpty -w -n z $'docker-harbor vers\\t'
            zpty -r -m z out '*version*' && print -r -- "GOT:$out"
            zpty -d z
            """
        // `zpty -r` with a pattern reads until the completed word shows; the time limit ends a
        // shell that never completes it.
        let result = try await ProcessRunner.run("zsh", ["-f", "-c", script], environment: environment, timeout: .seconds(30))
        #expect(result.stdout.contains("docker-harbor version"), "\(result)")
    }
}
