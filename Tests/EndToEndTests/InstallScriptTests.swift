import Foundation
import HarborCore
import HarborTestSupport
import Testing

/// install.sh in a temporary HOME: install, run, reinstall, uninstall (issue: "uninstall leaves
/// nothing behind"), and what it says when something is missing.
struct InstallScriptTests {
    @Test func installRunReinstallUninstall() async throws {
        let home = try TestHome()
        // Things of the user's own that must survive: a docker config and a .zshrc.
        try home.write("{\n\t\"auths\": {}\n}\n", to: ".docker/config.json")
        try home.write("# my zshrc\nexport EDITOR=vi\n", to: ".zshrc")
        let before = try home.tree()

        let first = try await home.install(extra: ["--with-sandbox"])
        #expect(first.status == 0, "\(first)")
        let sandboxHelp = try await ProcessRunner.run(home.path + "/.local/bin/harbor-sandbox", ["--help"], environment: home.environment)
        #expect(sandboxHelp.status == 0 && sandboxHelp.stdout.contains("--demo"), "\(sandboxHelp)")
        #expect(first.stdout.contains("docker harbor use CUSTOMER PKEY"), "the next command to try")
        #expect(first.stdout.contains("harbor-sandbox --demo"))
        let plugin = home.dockerConfig + "/cli-plugins/docker-harbor"
        #expect(FileManager.default.isExecutableFile(atPath: plugin))
        #expect(FileManager.default.isExecutableFile(atPath: home.helmPluginDir + "/bin/helm-harbor"))
        #expect(FileManager.default.isExecutableFile(atPath: home.helmPluginDir + "/plugin.complete"))
        #expect(FileManager.default.fileExists(atPath: home.path + "/.local/share/bash-completion/completions/docker-harbor"))
        #expect(FileManager.default.fileExists(atPath: home.path + "/.local/share/zsh/site-functions/_harbor-plugins"))
        #expect(try home.read(".zshrc").hasPrefix("# my zshrc\nexport EDITOR=vi\n# >>> harbor-plugins completion >>>"))

        // It runs: through docker, which finds it in ~/.docker/cli-plugins.
        let version = try await ProcessRunner.run("docker", ["harbor", "version"], environment: home.environment)
        #expect(version.status == 0, "\(version)")
        #expect(version.stdout == "docker-harbor \(HarborVersion.current)\n")

        // Reinstalling changes nothing but the files' contents.
        let installedTree = try home.tree()
        let second = try await home.install(extra: ["--with-sandbox"])
        #expect(second.status == 0, "\(second)")
        #expect(try home.tree() == installedTree)
        #expect(try home.read(".zshrc").components(separatedBy: "# >>> harbor-plugins completion >>>").count == 2, "one block only")

        let removal = try await ProcessRunner.run("/bin/bash", [BuiltProducts.repository + "/install.sh", "--uninstall"], environment: home.environment)
        #expect(removal.status == 0, "\(removal)")
        #expect(try home.tree() == before, "uninstall must leave exactly what was there before")
        #expect(try home.read(".zshrc") == "# my zshrc\nexport EDITOR=vi\n")
        #expect(try home.read(".docker/config.json") == "{\n\t\"auths\": {}\n}\n")
    }

    @Test func dryRunChangesNothing() async throws {
        let home = try TestHome()
        let before = try home.tree()
        let result = try await home.install(extra: ["--dry-run"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("would install \(home.dockerConfig)/cli-plugins/docker-harbor"))
        #expect(try home.tree() == before)
    }

    @Test func honoursDockerConfigAndHelmPlugins() async throws {
        let home = try TestHome()
        var environment = home.environment
        environment["DOCKER_CONFIG"] = home.path + "/custom-docker"
        environment["HELM_PLUGINS"] = home.path + "/custom-helm-plugins:/somewhere/else"
        let result = try await ProcessRunner.run("/bin/bash", [BuiltProducts.repository + "/install.sh", "--bin-dir", BuiltProducts.directory(), "--no-modify-rc"], environment: environment)
        #expect(result.status == 0, "\(result)")
        #expect(FileManager.default.isExecutableFile(atPath: home.path + "/custom-docker/cli-plugins/docker-harbor"))
        #expect(FileManager.default.fileExists(atPath: home.path + "/custom-helm-plugins/harbor/plugin.yaml"))
        #expect(!FileManager.default.fileExists(atPath: home.path + "/.zshrc"))
    }

    @Test func missingToolchainIsExplained() async throws {
        let home = try TestHome()
        var environment = home.environment
        environment["PATH"] = "/usr/bin:/bin"
        let result = try await ProcessRunner.run("/bin/bash", [BuiltProducts.repository + "/install.sh"], environment: environment)
        #expect(result.status == 1)
        #expect(result.stderr.contains("the Swift toolchain (swift 6.x) is needed"), "\(result)")
        #expect(try home.tree().isEmpty)
    }

    /// `--from` takes a release tarball and brings its own binaries: what else is given is refused
    /// before anything is read or installed.
    @Test func fromRefusesWhatIsNotARelease() async throws {
        let home = try TestHome()
        let script = BuiltProducts.repository + "/install.sh"
        let withBinDir = try await ProcessRunner.run("/bin/bash", [script, "--from", "x.tar.gz", "--bin-dir", "/tmp"], environment: home.environment)
        #expect(withBinDir.status == 2 && withBinDir.stderr.contains("--from and --bin-dir exclude each other"), "\(withBinDir)")
        let missing = try await ProcessRunner.run("/bin/bash", [script, "--from"], environment: home.environment)
        #expect(missing.status == 2 && missing.stderr.contains("--from needs a release tarball"), "\(missing)")
        let notARelease = try await ProcessRunner.run("/bin/bash", [script, "--from", "https://example.invalid/tool.zip"], environment: home.environment)
        #expect(notARelease.status == 1, "\(notARelease)")
        #expect(notARelease.stderr.contains("is not a release tarball (harbor-plugins-VERSION-linux-amd64.tar.gz)"), "\(notARelease)")
        let absent = try await ProcessRunner.run("/bin/bash", [script, "--from", home.path + "/harbor-plugins-9.9.9-linux-amd64.tar.gz"], environment: home.environment)
        #expect(absent.status == 1 && absent.stderr.contains("no such file") && absent.stderr.contains("Nothing was installed."), "\(absent)")
        #expect(try home.tree().isEmpty)
    }

    @Test func unknownOptionIsAUsageError() async throws {
        let home = try TestHome()
        let result = try await ProcessRunner.run("/bin/bash", [BuiltProducts.repository + "/install.sh", "--frobnicate"], environment: home.environment)
        #expect(result.status == 2)
        #expect(result.stderr.contains("unknown option '--frobnicate'"))
    }
}
