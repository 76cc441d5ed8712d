import Foundation
import HarborCore
import Testing

/// helm-harbor run exactly as Helm runs it (helm-plugins.md §2): Helm removes its own global
/// flags from argv, exports settings as HELM_* variables, and runs `$HELM_PLUGIN_DIR/bin/helm-harbor`;
/// completion goes through `plugin.complete` (§4.3). No helm binary exists here, so these tests
/// give the plugin the argv and environment Helm would.
@Suite(.serialized)
struct HelmPluginTests {
    let home: TestHome
    let pluginDir: String
    let environment: [String: String]

    init() throws {
        home = try TestHome.installed()
        pluginDir = home.helmPluginDir
        var environment = home.environment
        // settings.EnvVars() of Helm 3.21 / 4.x, plus HELM_PLUGIN_NAME and HELM_PLUGIN_DIR.
        environment["HELM_BIN"] = "helm"
        environment["HELM_CACHE_HOME"] = home.path + "/.cache/helm"
        environment["HELM_CONFIG_HOME"] = home.path + "/.config/helm"
        environment["HELM_DATA_HOME"] = home.path + "/.local/share/helm"
        environment["HELM_DEBUG"] = "false"
        environment["HELM_PLUGINS"] = home.path + "/.local/share/helm/plugins"
        environment["HELM_REGISTRY_CONFIG"] = home.path + "/.config/helm/registry/config.json"
        environment["HELM_REPOSITORY_CACHE"] = home.path + "/.cache/helm/repository"
        environment["HELM_REPOSITORY_CONFIG"] = home.path + "/.config/helm/repositories.yaml"
        environment["HELM_NAMESPACE"] = "default"
        environment["HELM_MAX_HISTORY"] = "10"
        environment["HELM_PLUGIN_NAME"] = "harbor"
        environment["HELM_PLUGIN_DIR"] = home.helmPluginDir
        self.environment = environment
    }

    /// The command line Helm builds from plugin.yaml's `command` (env-expanded, split on spaces).
    func helm(_ arguments: [String], environment extra: [String: String] = [:]) throws -> ProcessResult {
        let command = try String(contentsOfFile: pluginDir + "/plugin.yaml", encoding: .utf8)
            .split(separator: "\n").first { $0.hasPrefix("command:") }!
            .dropFirst("command:".count).trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        let expanded = command.replacingOccurrences(of: "$HELM_PLUGIN_DIR", with: pluginDir)
        return try ProcessRunner.run(expanded, arguments, environment: environment.merging(extra) { $1 })
    }

    @Test func parsesOCIReferences() throws {
        // `helm harbor parse oci://… --debug -n ns`: Helm strips --debug and -n (§2.1).
        let result = try helm(["parse", "--format", "json", "oci://registry-acme.devops.t-systems.net/pkey/charts/app:1.2.3"],
                              environment: ["HELM_DEBUG": "true", "HELM_NAMESPACE": "ns"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("\"canonical\" : \"registry-acme.devops.t-systems.net/pkey/charts/app:1.2.3\""))
        #expect(result.stdout.contains("\"repository\" : \"charts/app\""))
    }

    @Test func helpNamesHelmHarbor() throws {
        let result = try helm(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Usage:\n  helm harbor [command]\n"), "\(result)")
        let sub = try helm(["parse", "--help"])
        #expect(sub.stdout.contains("Usage:\n  helm harbor parse reference [flags]\n"), "\(sub)")
    }

    @Test func errorsExitNonZeroWithAMessage() throws {
        // Helm passes the exit status through and adds its own line (§2.3): ours must come first.
        let usage = try helm(["parse", "oci://h.example.com/p/c", "--bogus"])
        #expect(usage.status == 1, "\(usage)")
        #expect(usage.stderr.contains("Unknown option '--bogus'"))
        let bad = try helm(["parse", "oci://h.example.com/pkey/App"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("is upper case"), "\(bad)")
    }

    @Test func pluginCompleteAnswersLeafCommands() throws {
        // `helm __complete harbor config get ''` runs `plugin.complete config get ''`.
        let result = try ProcessRunner.run(pluginDir + "/plugin.complete", ["config", "get", ""], environment: environment)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("instance\t"), "\(result)")
        #expect(result.stdout.hasSuffix(":4\n"))
        #expect(result.stderr.isEmpty)
        let flags = try ProcessRunner.run(pluginDir + "/plugin.complete", ["parse", "--fo"], environment: environment)
        #expect(flags.stdout == "--format\tOutput format: text or json\n:4\n", "\(flags)")
    }

    @Test func pluginCompleteStaysSilentOnStderrWhenSettingsAreBroken() throws {
        // Helm 4 merges the completer's stderr into the candidates (§4.3).
        try home.write("{ not json", to: ".config/harbor/settings.json")
        let result = try ProcessRunner.run(pluginDir + "/plugin.complete", ["use", ""], environment: environment)
        #expect(result.stderr.isEmpty, "\(result)")
        #expect(result.stdout.hasSuffix(":4\n"))
        try FileManager.default.removeItem(atPath: home.path + "/.config/harbor/settings.json")
    }

    @Test func installHookFindsTheBinary() throws {
        // Helm runs legacy hooks as `sh -c "<hook>"` in the user's cwd with HELM_PLUGIN_DIR set (§3.2).
        let yaml = try String(contentsOfFile: pluginDir + "/plugin.yaml", encoding: .utf8)
        let hookLine = yaml.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("install:") }!
        var hook = String(hookLine.trimmingCharacters(in: .whitespaces).dropFirst("install:".count)).trimmingCharacters(in: .whitespaces)
        hook = String(hook.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
        let result = try ProcessRunner.run("/bin/sh", ["-c", hook], environment: environment, directory: home.path)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("helm-harbor \(HarborVersion.current) is ready."))
    }
}
