import Foundation
import HarborCore
import HarborTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A signed release, made once per test process by the real `scripts/release.sh --sign` with a
/// throwaway GPG key, from the binaries of the release scripts/test made before `swift test`
/// (`scripts/release.sh --out $HARBOR_RELEASE_DIR`, a re-link of the install check's release
/// build). Repackaging those binaries keeps the suite free of a second release build.
struct SignedRelease: Sendable {
    static let keyName = "harbor release test"
    static let version = HarborVersion.current
    static let tarballName = "harbor-plugins-\(version)-linux-amd64.tar.gz"
    static let directoryName = "harbor-plugins-\(version)-linux-amd64"
    static let packageName = "harbor-\(version).tgz"

    /// The artifacts scripts/test made: `$HARBOR_RELEASE_DIR`, else `.build/release-artifacts`.
    static var unsignedDirectory: String {
        if let explicit = ProcessInfo.processInfo.environment["HARBOR_RELEASE_DIR"], !explicit.isEmpty { return explicit }
        return BuiltProducts.repository + "/.build/release-artifacts"
    }

    /// This process's scratch directory for the release.
    let root: String
    /// `scripts/release.sh --sign` wrote its artifacts here.
    let dist: String
    /// The signed release's tarball, unpacked: `unpacked/harbor-plugins-V-linux-amd64/`.
    let unpacked: String
    /// Legacy keyrings of the throwaway key: what `helm plugin install --keyring` reads, and what signed.
    let pubring: String
    let secring: String
    /// What release.sh printed.
    let output: CompletedProcess

    /// Made once, by the first test that asks; every later caller gets the same release or error.
    static let shared = Task { try await SignedRelease() }
    static func get() async throws -> SignedRelease { try await shared.value }

    private init() async throws {
        let unsignedTarball = Self.unsignedDirectory + "/" + Self.tarballName
        guard FileManager.default.fileExists(atPath: unsignedTarball) else {
            throw TestSupportError(
                "no release at \(unsignedTarball): scripts/test makes it after the install check; by hand: scripts/release.sh --out \(Self.unsignedDirectory)")
        }
        for tool in ["gpg", "tar", "readelf", "objdump", "sha256sum"] { _ = try requireTool(tool) }
        root = TestScratch.root + "/release-\(UUID().uuidString.prefix(8))"
        dist = root + "/dist"
        pubring = root + "/pubring.gpg"
        secring = root + "/secring.gpg"
        try FileManager.default.createDirectory(atPath: root + "/unsigned", withIntermediateDirectories: true)

        // The throwaway key, in Helm's legacy keyring files (Helm reads no gpg-agent keybox).
        let gnupg = root + "/gnupg"
        let environment = ProcessRunner.inheritedEnvironment(adding: ["GNUPGHOME": gnupg])
        let key = try await ProcessRunner.run("/bin/bash", ["-c", """
            set -e
            mkdir -m 700 "$GNUPGHOME"
            gpg --batch --quiet --passphrase '' --quick-gen-key '\(Self.keyName) <release-test@example.invalid>' default default never 2>/dev/null
            gpg --batch --export-secret-keys > '\(secring)'
            gpg --batch --export > '\(pubring)'
            gpgconf --kill gpg-agent
            """], environment: environment)
        guard key.status == 0 else { throw TestSupportError("cannot make a throwaway GPG key: \(key)") }

        // The binaries of scripts/test's release, signed and packaged again by release.sh.
        let unpack = try await ProcessRunner.run("tar", ["-xzf", unsignedTarball, "-C", root + "/unsigned"])
        guard unpack.status == 0 else { throw TestSupportError("cannot unpack \(unsignedTarball): \(unpack)") }
        output = try await ProcessRunner.run(
            "/bin/bash",
            [BuiltProducts.repository + "/scripts/release.sh", "--version", Self.version, "--out", dist,
             "--bin-dir", root + "/unsigned/\(Self.directoryName)/bin", "--sign", Self.keyName, "--keyring", secring],
            environment: environment)
        guard output.status == 0 else { throw TestSupportError("scripts/release.sh --sign failed: \(output)") }

        unpacked = root + "/unpacked"
        try FileManager.default.createDirectory(atPath: unpacked, withIntermediateDirectories: true)
        let signedUnpack = try await ProcessRunner.run("tar", ["-xzf", dist + "/" + Self.tarballName, "-C", unpacked])
        guard signedUnpack.status == 0 else { throw TestSupportError("cannot unpack the signed release: \(signedUnpack)") }
    }

    var tarball: String { dist + "/" + Self.tarballName }
    var package: String { dist + "/" + Self.packageName }
    var releaseDirectory: String { unpacked + "/" + Self.directoryName }

    /// A copy of `dist` with one byte of `file` changed (SHA256SUMS and the .prov as they were).
    func tamperedCopy(of file: String, in directory: String) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: dist) {
            try FileManager.default.copyItem(atPath: dist + "/" + name, toPath: directory + "/" + name)
        }
        let target = directory + "/" + file
        var data = try Data(contentsOf: URL(fileURLWithPath: target))
        // Inside the gzip stream's deflate data, past the 10-byte header: still a file, no longer the one signed.
        data[data.count / 2] ^= 0x01
        try data.write(to: URL(fileURLWithPath: target))
        return target
    }
}

/// A loopback HTTP server over a directory (python3's http.server), sending `.tgz` and `.tar.gz`
/// as application/gzip: Helm 3's URL installer goes by that Content-Type (v3.17
/// pkg/plugin/installer/installer.go, isRemoteHTTPArchive), Helm 4 by the suffix.
final class StaticFileServer: @unchecked Sendable {
    static let script = #"""
        import functools, http.server, sys
        class Handler(http.server.SimpleHTTPRequestHandler):
            extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                              ".tgz": "application/gzip", ".gz": "application/gzip", ".prov": "text/plain"}
            def log_message(self, *args): pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=sys.argv[1]))
        with open(sys.argv[2] + ".tmp", "w") as f: f.write(str(server.server_address[1]))
        import os; os.rename(sys.argv[2] + ".tmp", sys.argv[2])
        server.serve_forever()
        """#

    let process: ProcessRunner.Running
    let port: Int
    private let scratch: Scratch

    init(directory: String) async throws {
        let scratch = try Scratch()
        self.scratch = scratch
        let script = scratch.path("serve.py").path
        let portFile = scratch.path("port").path
        try Data(Self.script.utf8).write(to: URL(fileURLWithPath: script))
        process = try ProcessRunner.start("python3", [script, directory, portFile], environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        var port: Int?
        for _ in 0..<200 {
            if let text = try? String(contentsOfFile: portFile, encoding: .utf8), let value = Int(text) { port = value; break }
            try? await Task.sleep(for: .seconds(0.025))
        }
        guard let port else {
            kill(process.pid, SIGKILL)
            throw TestSupportError("the loopback HTTP server did not start: \(await process.wait(timeout: .seconds(5)))")
        }
        self.port = port
    }

    func url(_ name: String) -> String { "http://127.0.0.1:\(port)/\(name)" }

    deinit {
        kill(process.pid, SIGKILL)
        _ = process.process.waitUntilExit(timeout: .seconds(5))  // a deinit cannot suspend; SIGKILL is quick
    }
}

/// A clean Debian 12 root file system for one test: the tar file scripts/test-tools.sh made once
/// (`debootstrap --variant=minbase bookworm`), unpacked into a scratch directory, and programs
/// run in it with chroot (so: as root).
final class DebianRoot: @unchecked Sendable {
    /// `$HARBOR_TEST_ROOTFS`, else `${XDG_CACHE_HOME:-$HOME/.cache}/harbor-plugins/debian12-rootfs.tar`, as test-tools.sh computes it.
    static var archive: String {
        let environment = ProcessInfo.processInfo.environment
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let explicit = value("HARBOR_TEST_ROOTFS") { return explicit }
        return (value("XDG_CACHE_HOME") ?? ((value("HOME") ?? NSHomeDirectory()) + "/.cache")) + "/harbor-plugins/debian12-rootfs.tar"
    }

    let path: String

    init() async throws {
        guard FileManager.default.fileExists(atPath: Self.archive) else {
            throw TestSupportError("no Debian 12 root file system at \(Self.archive): scripts/test-tools.sh makes it (scripts/test runs that)")
        }
        guard getuid() == 0 else {
            throw TestSupportError("installing into a clean Debian 12 root file system needs chroot, so root; run the release tests as root (CI does)")
        }
        path = TestScratch.root + "/debian12-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let unpack = try await ProcessRunner.run("tar", ["-xf", Self.archive, "-C", path])
        guard unpack.status == 0 else { throw TestSupportError("cannot unpack \(Self.archive): \(unpack)") }
    }

    /// Runs `script` with bash in the root file system, as root with HOME=/root and a plain PATH,
    /// with /proc mounted as on any running system (in a private mount namespace, gone with it):
    /// the Swift runtime reads the program's arguments from /proc/self/cmdline.
    func run(_ script: String) async throws -> CompletedProcess {
        try await ProcessRunner.run(
            try requireTool("unshare").path,
            ["--mount", "--propagation", "private", "/bin/sh", "-c", #"mount -t proc proc "$0/proc" && exec /usr/sbin/chroot "$0" /bin/bash -c "$1""#,
             path, script],
            environment: ["PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/root", "LANG": "C.UTF-8"])
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
