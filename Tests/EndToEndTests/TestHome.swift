import Foundation
import HarborTestSupport

/// Where this test process keeps its throwaway HOMEs: one directory, removed when the process
/// exits (each HOME holds an installed copy of the plugins, ~100 MB in a debug build).
enum TestScratch {
    static let root: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("harbor-e2e-run-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: TestScratch.root) }
        return path
    }()
}

/// A throwaway HOME with the directories and environment a user would have.
struct TestHome {
    let path: String

    init() throws {
        path = TestScratch.root + "/harbor-e2e-\(UUID().uuidString.prefix(8))"
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

    /// A `pass` store in this HOME with a throwaway GPG key (no passphrase), as a user who ran
    /// `pass init` would have: `base` plus GNUPGHOME and PASSWORD_STORE_DIR. Call
    /// `stopPassAgent(_:)` with the result when done, so no gpg-agent outlives the test.
    func initialisedPassStore(_ base: [String: String]) async throws -> [String: String] {
        for tool in ["gpg", "pass", "docker-credential-pass"] { _ = try requireTool(tool) }
        var environment = base
        environment["GNUPGHOME"] = path + "/gnupg"
        environment["PASSWORD_STORE_DIR"] = path + "/password-store"
        let setup = """
            set -e
            mkdir -m 700 -p "$GNUPGHOME"
            gpg --batch --quiet --passphrase '' --quick-gen-key "harbor e2e <e2e@example.invalid>" default default never 2>/dev/null
            fingerprint=$(gpg --list-keys --with-colons | awk -F: '/^fpr/ {print $10; exit}')
            pass init "$fingerprint" >/dev/null
            """
        let result = try await ProcessRunner.run("/bin/bash", ["-c", setup], environment: environment)
        guard result.status == 0 else { throw PassSetupFailed(result: result) }
        return environment
    }

    /// Called from `defer`, which cannot wait asynchronously; gpgconf returns at once.
    func stopPassAgent(_ environment: [String: String]) {
        _ = try? ProcessRunner.runBlocking("gpgconf", ["--kill", "gpg-agent"], environment: environment)
    }

    struct PassSetupFailed: Error, CustomStringConvertible {
        let result: CompletedProcess
        var description: String { "pass could not be initialised with a throwaway GPG key: \(result)" }
    }

    /// A new HOME with the plugins installed by install.sh from the built binaries.
    static func installed() async throws -> TestHome {
        let home = try TestHome()
        let result = try await home.install()
        guard result.status == 0 else { throw InstallFailed(result: result) }
        return home
    }

    /// Installs into this HOME with the repository's install.sh, from the built binaries.
    func install(extra: [String] = []) async throws -> CompletedProcess {
        try await ProcessRunner.run("/bin/bash", [BuiltProducts.repository + "/install.sh", "--bin-dir", BuiltProducts.directory()] + extra, environment: environment)
    }

    struct InstallFailed: Error, CustomStringConvertible {
        let result: CompletedProcess
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
