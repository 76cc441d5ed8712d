import Foundation
import HarborCommands
import HarborCore
import Testing
import Yams

/// plugin.yaml, completion.yaml and plugin.complete as Helm 3.8 → 4.x read them (helm/helm
/// pkg/plugin/plugin.go, cmd/helm/load_plugins.go v3.8.0–v3.21.4; internal/plugin,
/// pkg/cmd/load_plugins.go v4.2.4).
struct HelmPluginFileTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func text(_ name: String) throws -> String {
        try String(contentsOf: repository.appendingPathComponent(name), encoding: .utf8)
    }

    /// Helm 3's `Metadata` struct, parsed with UnmarshalStrict (helm/helm pkg/plugin/plugin.go
    /// `LoadDir`, v3.8.0–v3.21.4): any other key disables every plugin.
    static let helm38Keys: Set<String> = ["name", "version", "usage", "description", "command", "platformCommand", "ignoreFlags", "hooks", "downloaders", "useTunnel"]

    @Test func pluginYAMLLoadsOnHelm38Through4() throws {
        let yaml = try #require(try Yams.load(yaml: Self.text("plugin.yaml")) as? [String: Any])
        #expect(Set(yaml.keys).isSubset(of: Self.helm38Keys), "unknown keys: \(Set(yaml.keys).subtracting(Self.helm38Keys))")
        // Keys that break some version: platformCommand/platformHooks (<3.18, or with command in 4.x),
        // downloaders (turns the plugin into getter/v1 in Helm 4), apiVersion (Helm 3).
        for key in ["platformCommand", "platformHooks", "downloaders", "apiVersion", "ignoreFlags"] {
            #expect(yaml[key] == nil, "\(key) must not be set")
        }
        let name = try #require(yaml["name"] as? String)
        #expect(name == "harbor")
        #expect(name.range(of: "^[A-Za-z0-9_-]+$", options: .regularExpression) != nil)
        // Helm ≥ 4.1.4 requires strict SemVer (no leading v).
        let version = try #require(yaml["version"] as? String)
        #expect(version.range(of: #"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$"#, options: .regularExpression) != nil)
        #expect(version == HarborVersion.current)
        #expect(yaml["command"] as? String == "$HELM_PLUGIN_DIR/bin/helm-harbor")
        let hooks = try #require(yaml["hooks"] as? [String: String])
        #expect(Set(hooks.keys) == ["install", "update"], "no delete hook: it runs after the directory is gone")
        for hook in hooks.values { #expect(hook.hasPrefix("cd \"$HELM_PLUGIN_DIR\" && ")) }
    }

    struct CompletionNode: Decodable {
        let name: String
        let flags: [String]?
        let commands: [CompletionNode]?
    }

    @Test func completionYAMLMatchesTheCommandTree() throws {
        let root = try YAMLDecoder().decode(CompletionNode.self, from: Self.text("completion.yaml"))
        var expected = HelmHarborCommand.configuration.subcommands.compactMap { $0.configuration.commandName }
        // `push` completes by argument position before its command is part of the tree.
        if !expected.contains("push") { expected.append("push") }
        #expect(root.commands?.map(\.name) == expected)
        let config = root.commands?.first { $0.name == "config" }
        #expect(config?.commands?.map(\.name) == ["list", "get", "set", "unset", "path"])
        // Helm turns these into fake bool flags; no helm-reserved names (helm/helm v3.21.4
        // cmd/helm/load_plugins.go `manuallyProcessArgs`).
        let reserved: Set<String> = ["debug", "namespace", "n", "registry-config", "kube-context", "kubeconfig"]
        func flags(_ node: CompletionNode) -> [String] { (node.flags ?? []) + (node.commands ?? []).flatMap(flags) }
        #expect(Set(flags(root)).isDisjoint(with: reserved))
    }

    @Test func pluginCompleteIsAnExecutableScript() throws {
        let path = Self.repository.appendingPathComponent("plugin.complete").path
        #expect(FileManager.default.isExecutableFile(atPath: path))
        let text = try Self.text("plugin.complete")
        #expect(text.hasPrefix("#!/bin/sh\n"))
        #expect(text.contains("__complete \"$@\" 2>/dev/null"))
    }
}
