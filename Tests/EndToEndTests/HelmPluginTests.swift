import Foundation
import HarborCore
import HarborTestSupport
import Testing

/// `helm harbor …` through each real Helm (3.9.4, 3.17.3, 4.3.1; see scripts/test-tools.sh), with
/// the plugin installed by install.sh into the Helm's own `$HELM_PLUGINS`. Helm removes its global
/// flags from argv, exports its settings as `HELM_*` and runs `$HELM_PLUGIN_DIR/bin/helm-harbor`
/// (helm/helm cmd/helm/load_plugins.go v3; pkg/cmd/load_plugins.go v4); completion goes through
/// `completion.yaml` and `plugin.complete`.
struct HelmPluginTests {
    @Test(arguments: Helm.versions)
    func pluginListShowsThePlugin(version: String) async throws {
        let helm = try await Helm(version: version)
        defer { helm.remove() }
        let result = try await helm.run(["plugin", "list"])
        #expect(result.status == 0, "\(result)")
        let row = result.stdout.split(separator: "\n").first { $0.hasPrefix("harbor") }.map { $0.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) } }
        #expect(row?.first == "harbor" && row?.dropFirst().first == HarborVersion.current, "\(result)")
        if helm.majorVersion >= 4 {
            // Helm 4 loads our plugin.yaml (no apiVersion) as a legacy CLI plugin (internal/plugin/loader.go).
            #expect(row?.contains("cli/v1") == true && row?.contains("legacy") == true, "\(result)")
        } else {
            // Helm 3 shows plugin.yaml's description in its table: one line, one row.
            #expect(row?.last?.hasPrefix("Harbor behind OIDC, from Helm: ") == true, "\(result)")
            #expect(result.stdout.split(separator: "\n").count == 2, "a header and our row: \(result)")
        }
        #expect(!result.stderr.contains("failed to load plugins"), "\(result)")
    }

    @Test(arguments: Helm.versions)
    func helpNamesHelmHarbor(version: String) async throws {
        let helm = try await Helm(version: version)
        defer { helm.remove() }
        // `--help` after the plugin name goes to the plugin.
        let help = try await helm.run(["harbor", "--help"])
        #expect(help.status == 0, "\(help)")
        #expect(help.stdout.contains("Usage:\n  helm harbor [command]\n"), "\(help)")
        let sub = try await helm.run(["harbor", "parse", "--help"])
        #expect(sub.status == 0, "\(sub)")
        #expect(sub.stdout.contains("Usage:\n  helm harbor parse reference [flags]\n"), "\(sub)")
        // `helm help harbor` is Helm's own page, from plugin.yaml's description.
        let page = try await helm.run(["help", "harbor"])
        #expect(page.status == 0, "\(page)")
        #expect(page.stdout.contains("Harbor behind OIDC, from Helm"), "\(page)")
    }

    @Test(arguments: Helm.versions)
    func versionIsThePlugins(version: String) async throws {
        let helm = try await Helm(version: version)
        defer { helm.remove() }
        let result = try await helm.run(["harbor", "version"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == "helm-harbor \(HarborVersion.current)\n", "\(result)")
    }

    @Test(arguments: Helm.versions)
    func parsesOCIReferencesWithHelmsGlobalFlagsRemoved(version: String) async throws {
        let helm = try await Helm(version: version)
        defer { helm.remove() }
        // Helm takes --debug and -n NAMESPACE for itself and passes the rest.
        let result = try await helm.run(["harbor", "parse", "--format", "json", "oci://registry-acme.devops.t-systems.net/pkey/charts/app:1.2.3", "--debug", "-n", "ns"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("\"canonical\" : \"registry-acme.devops.t-systems.net/pkey/charts/app:1.2.3\""), "\(result)")
        #expect(result.stdout.contains("\"repository\" : \"charts/app\""))
    }

    @Test(arguments: Helm.versions)
    func errorsExitNonZeroWithOurMessageFirst(version: String) async throws {
        let helm = try await Helm(version: version)
        defer { helm.remove() }
        let helmsLine = "Error: plugin \"harbor\" exited with error"
        let usage = try await helm.run(["harbor", "parse", "oci://h.example.com/p/c", "--bogus"])
        #expect(usage.status == 1, "\(usage)")
        let ours = usage.stderr.range(of: "Unknown option '--bogus'"), theirs = usage.stderr.range(of: helmsLine)
        #expect(ours != nil && theirs != nil && ours!.lowerBound < theirs!.lowerBound, "\(usage)")
        let bad = try await helm.run(["harbor", "parse", "oci://h.example.com/pkey/App"])
        #expect(bad.status == 1, "\(bad)")
        #expect(bad.stderr.contains("is upper case"), "\(bad)")
    }

    /// `helm __complete …` is what Helm's bash/zsh completion scripts run: candidates, then `:DIRECTIVE`.
    static func candidates(_ result: CompletedProcess) -> [String] {
        result.stdout.split(separator: "\n").map(String.init).filter { !$0.hasPrefix(":") }
    }

    @Test(arguments: Helm.versions)
    func completesSubcommandsArgumentsAndFlags(version: String) async throws {
        let helm = try await Helm(version: version)
        defer { helm.remove() }
        // Subcommands, from completion.yaml.
        let subcommands = try await helm.run(["__complete", "harbor", ""])
        #expect(subcommands.status == 0, "\(subcommands)")
        #expect(Self.candidates(subcommands) == ["charts", "config", "doctor", "login", "logout", "parse", "projects", "push", "repos", "status", "tags", "use", "version"], "\(subcommands)")
        #expect(subcommands.stdout.hasSuffix(":4\n"), "no file completion: \(subcommands)")
        // Arguments of a leaf command, from plugin.complete.
        let keys = try await helm.run(["__complete", "harbor", "config", "get", ""])
        #expect(keys.status == 0, "\(keys)")
        #expect(Self.candidates(keys).map { $0.split(separator: "\t").first.map(String.init) ?? "" } == ["instance", "project", "host-template", "robot-prefixes", "store", "completion-ttl", "completion-timeout"], "\(keys)")
        #expect(keys.stdout.hasPrefix("instance\tdefault Harbor instance"), "with descriptions: \(keys)")
        #expect(keys.stdout.hasSuffix(":4\n"), "\(keys)")
        // Flags: each once, with its description (cobra also offers completion.yaml's static
        // flags for a '-' word, so completion.yaml lists none).
        let flags = try await helm.run(["__complete", "harbor", "parse", "--fo"])
        #expect(flags.status == 0, "\(flags)")
        #expect(Self.candidates(flags) == ["--format\tOutput format: text or json"], "\(flags)")
        let login = try await helm.run(["__complete", "harbor", "login", "--p"])
        #expect(Self.candidates(login) == ["--password\tThe secret (insecure: it shows in the process list; prefer --password-stdin)", "--password-stdin\tRead the secret from stdin"], "\(login)")
    }

    @Test(arguments: Helm.versions)
    func completionStaysCleanWhenSettingsAreBroken(version: String) async throws {
        let helm = try await Helm(version: version)
        defer { helm.remove() }
        let settings = URL(fileURLWithPath: helm.home + "/.config/harbor/settings.json")
        try FileManager.default.createDirectory(at: settings.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("{ not json".utf8).write(to: settings)
        // Helm 4 merges the completer's stderr into the candidates (internal/plugin runtime): nothing may reach it.
        let result = try await helm.run(["__complete", "harbor", "use", ""])
        #expect(result.status == 0, "\(result)")
        #expect(!result.stdout.lowercased().contains("error") && !result.stdout.contains("settings.json"), "\(result)")
        #expect(result.stdout.hasSuffix(":4\n"), "\(result)")
        #expect(try String(contentsOf: settings, encoding: .utf8) == "{ not json", "completion leaves the file alone")
    }

    @Test(arguments: Helm.versions)
    func helmPluginInstallRunsTheInstallHook(version: String) async throws {
        // A plugin directory laid out by install.sh, installed with `helm plugin install DIR`: Helm
        // links it into $HELM_PLUGINS and runs the install hook, which finds the binary.
        let source = try await Helm(version: version)
        defer { source.remove() }
        let helm = try await Helm(version: version, installPlugin: false)
        defer { helm.remove() }
        let result = try await helm.run(["plugin", "install", source.pluginDirectory], directory: helm.home)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("helm-harbor \(HarborVersion.current) is ready."), "\(result)")
        #expect(result.stdout.contains("Installed plugin: harbor"), "\(result)")
        let run = try await helm.run(["harbor", "version"])
        #expect(run.stdout == "helm-harbor \(HarborVersion.current)\n", "\(run)")
    }

    static func auth(in file: String, for host: String) -> String? {
        guard let data = FileManager.default.contents(atPath: file),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let entry = (json["auths"] as? [String: Any])?[host] as? [String: Any],
              let auth = entry["auth"] as? String, let decoded = Data(base64Encoded: auth) else { return nil }
        return String(decoding: decoded, as: UTF8.self)
    }

    @Test(arguments: Helm.versions)
    func loginLetsHelmPullAndLogoutStopsIt(version: String) async throws {
        let sandbox = try await RealClientSandbox.shared.get()
        let helm = try await Helm(version: version)
        defer { helm.remove() }
        let chart = "oci://\(sandbox.host)/pkey/\(RealClientSandbox.chart.name)"
        let downloads = helm.home + "/charts"
        try FileManager.default.createDirectory(atPath: downloads, withIntermediateDirectories: true)
        let pull = ["pull", chart, "--version", RealClientSandbox.chart.version, "-d", downloads] + helm.plainHTTPFlag

        let anonymous = try await helm.run(pull)
        #expect(anonymous.status != 0, "a private chart needs a login: \(anonymous)")

        let login = try await helm.run(["harbor", "login", sandbox.host, "-u", "alice", "--password-stdin"], stdin: RealClientSandbox.aliceSecret + "\n")
        #expect(login.status == 0, "\(login)")
        #expect(login.stdout.contains("Logged in to \(sandbox.host) as alice"), "\(login)")
        #expect(!login.stdout.contains(RealClientSandbox.aliceSecret) && !login.stderr.contains(RealClientSandbox.aliceSecret))
        // One copy, where docker keeps it; Helm reads docker's store when its own file has no entry.
        #expect(Self.auth(in: helm.registryConfig, for: sandbox.host) == nil)
        #expect(Self.auth(in: helm.dockerConfig + "/config.json", for: sandbox.host) == "alice:\(RealClientSandbox.aliceSecret)")

        let status = try await helm.run(["harbor", "status", sandbox.host])
        #expect(status.status == 0, "\(status)")
        #expect(status.stdout.contains("alice"), "\(status)")

        // Helm itself uses what the plugin stored.
        let pulled = try await helm.run(pull)
        #expect(pulled.status == 0, "\(pulled)")
        // (Helm 3.17 prints this to stderr, 3.9 and 4.3 to stdout.)
        #expect((pulled.stdout + pulled.stderr).contains("Pulled: \(sandbox.host)/pkey/\(RealClientSandbox.chart.name):\(RealClientSandbox.chart.version)"), "\(pulled)")
        #expect(FileManager.default.fileExists(atPath: downloads + "/\(RealClientSandbox.chart.name)-\(RealClientSandbox.chart.version).tgz"))

        let logout = try await helm.run(["harbor", "logout", sandbox.host])
        #expect(logout.status == 0, "\(logout)")
        #expect(logout.stdout.contains("removed from docker (\(helm.dockerConfig)/config.json)"), "where it was, not where docker would look next: \(logout)")
        #expect(Self.auth(in: helm.registryConfig, for: sandbox.host) == nil)
        #expect(Self.auth(in: helm.dockerConfig + "/config.json", for: sandbox.host) == nil)
        try FileManager.default.removeItem(atPath: downloads + "/\(RealClientSandbox.chart.name)-\(RealClientSandbox.chart.version).tgz")
        let refused = try await helm.run(pull)
        #expect(refused.status != 0, "after logout Helm has no credentials, neither its own nor docker's: \(refused)")
    }
}
