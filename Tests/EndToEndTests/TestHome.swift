import Foundation

/// A throwaway HOME with the directories and environment a user would have.
struct TestHome {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("harbor-e2e-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// A clean environment: PATH, HOME and nothing of the developer's own settings.
    var environment: [String: String] {
        [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "HOME": path,
            "LANG": "C.UTF-8",
        ]
    }

    /// A new HOME with the plugins installed by install.sh from the built binaries.
    static func installed() throws -> TestHome {
        let home = try TestHome()
        let result = try BuiltProducts.install(into: home)
        guard result.status == 0 else { throw InstallFailed(result: result) }
        return home
    }

    struct InstallFailed: Error, CustomStringConvertible {
        let result: ProcessResult
        var description: String { "install.sh failed: \(result)" }
    }

    /// `environment` plus DOCKER_CONFIG pointing into this HOME.
    /// The environment for docker and the plugins. `HARBOR_STORE=file`: `pass` is installed on
    /// test machines but has no store in a test HOME, and login refuses to fall back silently;
    /// tests about where secrets go (CredentialPlacementTests) remove it.
    var dockerEnvironment: [String: String] {
        environment.merging(["DOCKER_CONFIG": dockerConfig, "HARBOR_STORE": "file"]) { $1 }
    }

    var dockerConfig: String { path + "/.docker" }
    var helmPluginDir: String { path + "/.local/share/helm/plugins/harbor" }

    /// Every file and directory below HOME, relative, sorted.
    func tree() throws -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: path)
        var entries: [String] = []
        while let entry = enumerator?.nextObject() as? String { entries.append(entry) }
        return entries.sorted()
    }

    func write(_ text: String, to relative: String) throws {
        let url = URL(fileURLWithPath: path + "/" + relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOfFile: path + "/" + relative, encoding: .utf8)
    }
}

/// The repository and the binaries `swift build` made.
enum BuiltProducts {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// `$HARBOR_BIN_DIR`, else the build directory this test bundle was built into.
    static func directory() throws -> String {
        if let directory = ProcessInfo.processInfo.environment["HARBOR_BIN_DIR"], !directory.isEmpty { return directory }
        var url = Bundle.main.bundleURL
        for _ in 0..<4 {
            if FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("docker-harbor").path) { return url.path }
            url.deleteLastPathComponent()
        }
        throw ProcessRunner.NotFound(name: "docker-harbor (built product; run swift build first or set HARBOR_BIN_DIR)")
    }

    static func path(_ product: String) throws -> String { try directory() + "/" + product }

    /// Installs into `home` with the repository's install.sh, from the built binaries.
    static func install(into home: TestHome, extra: [String] = []) throws -> ProcessResult {
        try ProcessRunner.run("/bin/bash", [repository + "/install.sh", "--bin-dir", directory()] + extra, environment: home.environment)
    }
}
