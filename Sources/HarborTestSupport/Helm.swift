import Foundation

/// A real Helm binary (the official linux-amd64 build that scripts/test-tools.sh puts in
/// `$HARBOR_TEST_TOOLS/helm-VERSION/helm`), with a HOME and `HELM_*` directories of its own and,
/// unless asked otherwise, the plugin installed by install.sh into `$HELM_PLUGINS/harbor`.
///
/// ```swift
/// @Test(arguments: Helm.versions) func lists(version: String) throws {
///     let helm = try Helm(version: version)
///     let result = try helm.run(["plugin", "list"])
/// }
/// ```
public struct Helm: Sendable, CustomStringConvertible {
    /// The versions the plugin supports and the tests run: the oldest tested 3.x, a recent 3.x, and Helm 4.
    public static let versions = ["3.9.4", "3.17.3", "4.3.1"]

    public let version: String
    /// The helm executable.
    public let binary: String
    /// This instance's HOME; the `HELM_*` directories and DOCKER_CONFIG are below it.
    public let home: String
    /// A clean environment: PATH, HOME, LANG, DOCKER_CONFIG and Helm's five directories, nothing of the caller's.
    public let environment: [String: String]

    public var description: String { "Helm \(version)" }
    public var majorVersion: Int { Int(version.prefix { $0 != "." }) ?? 0 }
    public var dockerConfig: String { home + "/.docker" }
    public var pluginsDirectory: String { environment["HELM_PLUGINS"]! }
    public var pluginDirectory: String { pluginsDirectory + "/harbor" }
    public var registryConfig: String { environment["HELM_REGISTRY_CONFIG"]! }

    /// Where scripts/test-tools.sh puts the test tools, computed exactly as it does:
    /// `$HARBOR_TEST_TOOLS`, else `${XDG_CACHE_HOME:-$HOME/.cache}/harbor-plugins/test-tools`.
    /// `$HOME` is the variable, not the passwd entry (NSHomeDirectory): as root with HOME set
    /// elsewhere, the script installs below that HOME. Empty values count as unset, as `:-` does.
    public static func toolsDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let explicit = value("HARBOR_TEST_TOOLS") { return explicit }
        let cache = value("XDG_CACHE_HOME") ?? ((value("HOME") ?? NSHomeDirectory()) + "/.cache")
        return cache + "/harbor-plugins/test-tools"
    }

    /// The binary of `version` (`TOOLS/helm-VERSION/helm`): the one place tests find Helm. A
    /// missing binary is an error naming the command that installs it, never a skip.
    public static func binary(version: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let path = toolsDirectory(environment: environment) + "/helm-\(version)/helm"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw MissingToolError(tool: "helm \(version)", hint: "expected at \(path); scripts/test-tools.sh installs it (scripts/test runs that)")
        }
        return path
    }

    /// - Parameters:
    ///   - home: the HOME to use; a new temporary one by default. Keep it free of spaces: Helm ≤ 3.17 splits the plugin command on spaces.
    ///   - installPlugin: install the built plugin with `install.sh --bin-dir` into `$HELM_PLUGINS/harbor`.
    public init(version: String, home: String? = nil, installPlugin: Bool = true) async throws {
        self.version = version
        self.binary = try Self.binary(version: version)
        let home = home ?? FileManager.default.temporaryDirectory.appendingPathComponent("harbor-helm-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        self.home = home
        // Helm's own defaults for this HOME on Linux (helmpath, XDG), set explicitly so nothing of the caller's leaks in.
        self.environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "HOME": home,
            "LANG": "C.UTF-8",
            "DOCKER_CONFIG": home + "/.docker",
            "HELM_CONFIG_HOME": home + "/.config/helm",
            "HELM_CACHE_HOME": home + "/.cache/helm",
            "HELM_DATA_HOME": home + "/.local/share/helm",
            "HELM_PLUGINS": home + "/.local/share/helm/plugins",
            "HELM_REGISTRY_CONFIG": home + "/.config/helm/registry/config.json",
            // pass is installed on test machines but has no store in this HOME; login refuses to
            // fall back to plain text silently, so tests that are not about the store choose it.
            "HARBOR_STORE": "file",
        ]
        if installPlugin { try await self.installPlugin() }
    }

    /// Installs the plugin exactly as a user's `./install.sh` does, from the binaries of this build.
    public func installPlugin() async throws {
        let result = try await ProcessRunner.run(
            "/bin/bash", [BuiltProducts.repository + "/install.sh", "--bin-dir", try BuiltProducts.directory(), "--no-modify-rc"],
            environment: environment)
        guard result.status == 0 else { throw TestSupportError("install.sh failed for \(self): \(result)") }
    }

    /// Runs `helm ARGUMENTS` with `environment` plus `extra`.
    public func run(_ arguments: [String], environment extra: [String: String] = [:], stdin: String? = nil, directory: String? = nil) async throws -> CompletedProcess {
        try await ProcessRunner.run(binary, arguments, environment: environment.merging(extra) { $1 }, stdin: stdin, directory: directory)
    }

    /// `--plain-http` where this Helm needs it to reach a plain-HTTP registry on loopback
    /// (3.9 has no such flag and uses plain HTTP for loopback by itself).
    public var plainHTTPFlag: [String] {
        let parts = version.split(separator: ".").compactMap { Int($0) }
        return (parts.first ?? 0, parts.dropFirst().first ?? 0) >= (3, 13) ? ["--plain-http"] : []
    }

    /// Removes this instance's HOME.
    public func remove() { try? FileManager.default.removeItem(atPath: home) }
}
