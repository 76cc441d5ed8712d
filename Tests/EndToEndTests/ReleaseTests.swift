import Foundation
import HarborCore
import HarborTestSupport
import Testing

/// The release artifacts (issue 18, "Ship it"): `scripts/release.sh --sign` with a throwaway GPG
/// key, then what a user does with them: check the checksums, install the tarball on a clean
/// Debian 12 without a toolchain, install it `--from` a URL, and install the Helm plugin package
/// with real Helm 3.9.4, 3.17.3 and 4.3.1 (Helm 4 verifying the provenance).
@Suite(.enabled(if: Platform.isLinux, "releases are built for linux-amd64; macOS installs from source"))
struct ReleaseTests {
    @Test func checksumsCoverEveryArtifact() async throws {
        let release = try await SignedRelease.get()
        let check = try await ProcessRunner.run("sha256sum", ["-c", "SHA256SUMS"], directory: release.dist)
        #expect(check.status == 0, "\(check)")
        let listed = Set(check.stdout.split(separator: "\n").map(String.init))
        #expect(listed == [
            "\(SignedRelease.tarballName): OK", "\(SignedRelease.packageName): OK", "\(SignedRelease.packageName).prov: OK",
        ], "\(check)")
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: release.dist))
        #expect(files == [SignedRelease.tarballName, SignedRelease.packageName, SignedRelease.packageName + ".prov", "SHA256SUMS"])
    }

    @Test func theTarballHoldsTheBinaryItsNamesInstallShCompletionsAndThePlugin() async throws {
        let release = try await SignedRelease.get()
        let directory = release.releaseDirectory
        let manager = FileManager.default
        #expect(manager.isExecutableFile(atPath: directory + "/bin/docker-harbor"))
        #expect(manager.isExecutableFile(atPath: directory + "/bin/harbor-sandbox"))
        for name in ["helm-harbor", "docker-credential-harbor"] {
            #expect(try manager.destinationOfSymbolicLink(atPath: directory + "/bin/" + name) == "docker-harbor", "\(name) is a link to the one binary")
        }
        for file in ["install.sh", "README.md", "plugin.yaml", "plugin.complete", "completion.yaml", "scripts/helm-plugin-install.sh",
                     "completions/bash/harbor-plugins.bash", "completions/zsh/_harbor-plugins"] {
            #expect(manager.fileExists(atPath: directory + "/" + file), "\(file)")
        }
        #expect(!manager.fileExists(atPath: directory + "/Package.swift"), "a release, not the sources")
        let version = try await ProcessRunner.run(directory + "/bin/helm-harbor", ["version"])
        #expect(version.stdout == "helm-harbor \(HarborVersion.current)\n", "\(version)")
    }

    /// The symbol versions the released binaries need: glibc 2.35 (Ubuntu 22.04) is the floor, and
    /// GLIBC_ABI_DT_RELR (packed relative relocations, glibc 2.36+) must not be among them.
    @Test(arguments: ["docker-harbor", "harbor-sandbox"])
    func releasedBinariesRunOnGlibc235(binary: String) async throws {
        let release = try await SignedRelease.get()
        let path = release.releaseDirectory + "/bin/" + binary
        let versions = try await ProcessRunner.run("readelf", ["-V", path])
        let symbols = try await ProcessRunner.run("objdump", ["-T", path])
        #expect(versions.status == 0 && symbols.status == 0, "\(versions)\n\(symbols)")
        let needed = Self.glibcVersions(in: versions.stdout + symbols.stdout)
        #expect(!needed.isEmpty, "a dynamically linked binary names glibc versions: \(versions)")
        #expect(!needed.contains("GLIBC_ABI_DT_RELR"), "\(needed.sorted())")
        let newest = needed.compactMap(Self.numeric).max { $0.lexicographicallyPrecedes($1) }
        #expect(newest.map { ![2, 35].lexicographicallyPrecedes($0) } == true, "at most GLIBC_2.35; newest: \(newest ?? []), all: \(needed.sorted())")
        let dynamic = try await ProcessRunner.run("readelf", ["-d", path])
        #expect(!dynamic.stdout.contains("(RELR)"), "\(dynamic)")
    }

    static func glibcVersions(in text: String) -> Set<String> {
        var found = Set<String>()
        var rest = Substring(text)
        while let range = rest.range(of: "GLIBC_") {
            let tail = rest[range.upperBound...]
            let name = tail.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
            found.insert("GLIBC_" + name)
            rest = tail.dropFirst(name.count)
        }
        return found
    }

    static func numeric(_ version: String) -> [Int]? {
        let parts = version.dropFirst("GLIBC_".count).split(separator: ".")
        let numbers = parts.compactMap { Int($0) }
        return numbers.count == parts.count && !numbers.isEmpty ? numbers : nil
    }

    /// release.sh refuses what would not load on glibc 2.35: programs linked with packed relative
    /// relocations, or needing a newer symbol (arc4random is GLIBC_2.36), built with the toolchain's clang.
    @Test(arguments: [
        ("pack-relative-relocs", ["-fuse-ld=lld", "-Wl,-z,pack-relative-relocs"], "int main(void) { return 0; }", "GLIBC_ABI_DT_RELR"),
        ("arc4random", [], "#include <stdlib.h>\nint main(void) { return (int)(arc4random() & 1); }", "GLIBC_2.36"),
    ])
    func releaseFailsForABinaryNewerThanGlibc235(name: String, flags: [String], source: String, expected: String) async throws {
        let scratch = try Scratch()
        let bin = scratch.path("bin").path
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try Data(source.utf8).write(to: scratch.path("main.c"))
        let compile = try await ProcessRunner.run("clang", flags + [scratch.path("main.c").path, "-o", bin + "/docker-harbor"])
        try #require(compile.status == 0, "\(compile)")
        try FileManager.default.copyItem(atPath: bin + "/docker-harbor", toPath: bin + "/harbor-sandbox")
        let out = scratch.path("dist").path
        let result = try await ProcessRunner.run("/bin/bash", [BuiltProducts.repository + "/scripts/release.sh", "--bin-dir", bin, "--out", out])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains(expected), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: out), "nothing released")
    }

    /// The tarball on a clean Debian 12 (debootstrap minbase: no Swift, no -dev packages): its
    /// install.sh, run from the unpacked release and with --from, installs plugins that run there.
    @Test func theTarballInstallsAndRunsOnACleanDebian12() async throws {
        let release = try await SignedRelease.get()
        let debian = try await DebianRoot()
        try FileManager.default.createDirectory(atPath: debian.path + "/tmp/dist", withIntermediateDirectories: true)
        for name in [SignedRelease.tarballName, "SHA256SUMS"] {
            try FileManager.default.copyItem(atPath: release.dist + "/" + name, toPath: debian.path + "/tmp/dist/" + name)
        }
        let clean = try await debian.run(#"command -v swift swiftc clang gcc; dpkg-query -W -f '${Package}\n' | grep -- '-dev$'; exit 0"#)
        #expect(clean.stdout.isEmpty, "no toolchain, no -dev package: \(clean)")

        let unpacked = try await debian.run("cd /tmp && tar -xzf dist/\(SignedRelease.tarballName) && ./\(SignedRelease.directoryName)/install.sh")
        #expect(unpacked.status == 0, "\(unpacked)")
        #expect(unpacked.stdout.contains("Installed harbor-plugins \(HarborVersion.current)"), "\(unpacked)")
        try await expectPluginsRun(in: debian)

        let removal = try await debian.run("/tmp/\(SignedRelease.directoryName)/install.sh --uninstall && rm -rf /tmp/\(SignedRelease.directoryName) && ! test -e $HOME/.docker/cli-plugins/docker-harbor")
        #expect(removal.status == 0, "\(removal)")

        // --from with an install.sh on its own (here: the release's, taken out of the tarball).
        let from = try await debian.run("tar -xzOf /tmp/dist/\(SignedRelease.tarballName) \(SignedRelease.directoryName)/install.sh > /tmp/install.sh && bash /tmp/install.sh --from /tmp/dist/\(SignedRelease.tarballName)")
        #expect(from.status == 0, "\(from)")
        #expect(from.stdout.contains("\(SignedRelease.tarballName): sha256 checksum OK"), "\(from)")
        try await expectPluginsRun(in: debian)
    }

    private func expectPluginsRun(in debian: DebianRoot) async throws {
        let metadata = try await debian.run("$HOME/.docker/cli-plugins/docker-harbor docker-cli-plugin-metadata")
        #expect(metadata.status == 0, "\(metadata)")
        let json = try JSONSerialization.jsonObject(with: Data(metadata.stdout.utf8)) as? [String: Any]
        #expect(json?["SchemaVersion"] as? String == "0.1.0", "\(metadata)")
        #expect(json?["Version"] as? String == HarborVersion.current, "\(metadata)")
        let version = try await debian.run("$HOME/.docker/cli-plugins/docker-harbor version && $HOME/.local/share/helm/plugins/harbor/bin/helm-harbor version")
        #expect(version.stdout == "docker-harbor \(HarborVersion.current)\nhelm-harbor \(HarborVersion.current)\n", "\(version)")
    }

    /// `install.sh --from URL` checks the tarball against the SHA256SUMS beside it before anything
    /// is installed; without a toolchain on PATH, docker then finds the plugin.
    @Test func installFromAURLChecksTheChecksumsFirst() async throws {
        let release = try await SignedRelease.get()
        let server = try await StaticFileServer(directory: release.dist)
        let home = try TestHome()
        var environment = home.environment
        environment["PATH"] = "/usr/bin:/bin"
        let install = try await ProcessRunner.run(
            "/bin/bash", [release.releaseDirectory + "/install.sh", "--from", server.url(SignedRelease.tarballName), "--no-modify-rc"],
            environment: environment)
        #expect(install.status == 0, "\(install)")
        #expect(install.stdout.contains("sha256 checksum OK (\(server.url("SHA256SUMS")))"), "\(install)")
        let version = try await ProcessRunner.run("docker", ["harbor", "version"], environment: environment)
        #expect(version.stdout == "docker-harbor \(HarborVersion.current)\n", "\(version)")
    }

    @Test func aTarballThatDoesNotMatchItsChecksumIsNotInstalled() async throws {
        let release = try await SignedRelease.get()
        let tampered = try Scratch()
        _ = try release.tamperedCopy(of: SignedRelease.tarballName, in: tampered.path("dist").path)
        let server = try await StaticFileServer(directory: tampered.path("dist").path)
        let home = try TestHome()
        for source in [server.url(SignedRelease.tarballName), tampered.path("dist/" + SignedRelease.tarballName).path] {
            let install = try await ProcessRunner.run("/bin/bash", [BuiltProducts.repository + "/install.sh", "--from", source], environment: home.environment)
            #expect(install.status == 1, "\(install)")
            #expect(install.stderr.contains("does not match its checksum"), "\(install)")
            #expect(install.stderr.contains("Nothing was installed."), "\(install)")
            let tree = try home.tree()
            #expect(tree.isEmpty, "\(tree)")
        }
        // A SHA256SUMS that does not list the tarball is no check: refused as well.
        let sums = tampered.path("other-sums")
        try Data("\(String(repeating: "0", count: 64))  something-else.tar.gz\n".utf8).write(to: sums)
        let unlisted = try await ProcessRunner.run("/bin/bash", [BuiltProducts.repository + "/install.sh", "--from", release.tarball, "--sums", sums.path], environment: home.environment)
        #expect(unlisted.status == 1 && unlisted.stderr.contains("lists no checksum for \(SignedRelease.tarballName)"), "\(unlisted)")
        #expect(try home.tree().isEmpty)
    }

    /// Helm 4 installs the local package after verifying its provenance with the keyring, and
    /// refuses the package once a byte of it changed.
    @Test func helm4InstallsTheSignedPackageAndRefusesATamperedOne() async throws {
        let release = try await SignedRelease.get()
        let helm = try await Helm(version: "4.3.1", installPlugin: false)
        defer { helm.remove() }
        let install = try await helm.run(["plugin", "install", release.package, "--keyring", release.pubring])
        #expect(install.status == 0, "\(install)")
        #expect(install.stdout.contains("Signed by: \(SignedRelease.keyName)"), "\(install)")
        #expect(install.stdout.contains("Plugin Hash Verified: sha256:"), "\(install)")
        let version = try await helm.run(["harbor", "version"])
        #expect(version.stdout == "helm-harbor \(HarborVersion.current)\n", "\(version)")

        let other = try await Helm(version: "4.3.1", installPlugin: false)
        defer { other.remove() }
        let tampered = try Scratch()
        let package = try release.tamperedCopy(of: SignedRelease.packageName, in: tampered.path("dist").path)
        let refused = try await other.run(["plugin", "install", package, "--keyring", release.pubring])
        #expect(refused.status != 0, "\(refused)")
        #expect(refused.stderr.contains("sha256 sum does not match"), "\(refused)")
        let list = try await other.run(["plugin", "list"])
        #expect(!list.stdout.contains("harbor"), "\(list)")
    }

    /// Each Helm installs the package from a URL (a loopback HTTP server over the release), and
    /// the plugin then runs: Helm 3 takes the package's top, Helm 4 verifies the .prov beside it.
    @Test(arguments: Helm.versions)
    func helmInstallsThePackageFromAURL(version: String) async throws {
        let release = try await SignedRelease.get()
        let server = try await StaticFileServer(directory: release.dist)
        let helm = try await Helm(version: version, installPlugin: false)
        defer { helm.remove() }
        let verify = helm.majorVersion >= 4 ? ["--keyring", release.pubring] : []
        let install = try await helm.run(["plugin", "install", server.url(SignedRelease.packageName)] + verify)
        #expect(install.status == 0, "\(install)")
        #expect(install.stdout.contains("helm-harbor \(HarborVersion.current) is ready."), "\(install)")
        if helm.majorVersion >= 4 { #expect(install.stdout.contains("Plugin Hash Verified: sha256:"), "\(install)") }
        let run = try await helm.run(["harbor", "version"])
        #expect(run.stdout == "helm-harbor \(HarborVersion.current)\n", "\(run)")
        // The install hook moved the binary into place; the package's inner copy is gone.
        #expect(!FileManager.default.fileExists(atPath: helm.pluginDirectory + "/harbor"), "\(install)")
        let list = try await helm.run(["plugin", "list"])
        #expect(list.stdout.contains("harbor") && list.stdout.contains(HarborVersion.current), "\(list)")
    }

    /// A team publishes the released package to its own Harbor with `helm harbor push` (the
    /// package and its .prov beside it, as Helm 4's plugin artifact), and real Helm 4.3.1 installs
    /// it from there with `oci://HOST/PROJECT/harbor:V`, verifying the signature with the keyring.
    @Test func helm4InstallsTheReleasedPackageFromHarborAfterHelmHarborPushPublishedIt() async throws {
        let release = try await SignedRelease.get()
        let sandbox = try await PushCommandTests.neighbourSandbox.get()
        let helm = try await Helm(version: "4.3.1")
        defer { helm.remove() }
        let login = try await helm.run(["harbor", "login", sandbox.host, "-u", "alice", "--password-stdin"], stdin: "Alice-secret-1")
        try #require(login.status == 0, "helm harbor login: \(login)")
        let pushed = try await helm.run(["harbor", "push", release.package, "\(sandbox.host)/other"])
        #expect(pushed.status == 0, "\(pushed)")
        let reference = "oci://\(sandbox.host)/other/harbor:\(HarborVersion.current)"
        #expect(pushed.stdout.contains("Install with: helm plugin install \(reference) --plain-http"), "\(pushed)")

        // The development plugin that pushed goes; the released one comes from Harbor.
        let uninstalled = try await helm.run(["plugin", "uninstall", "harbor"])
        try #require(uninstalled.status == 0, "\(uninstalled)")
        let installed = try await helm.run(["plugin", "install", reference, "--plain-http", "--keyring", release.pubring])
        #expect(installed.status == 0, "\(installed)")
        #expect(installed.stdout.contains("helm-harbor \(HarborVersion.current) is ready."), "\(installed)")
        let version = try await helm.run(["harbor", "version"])
        #expect(version.stdout == "helm-harbor \(HarborVersion.current)\n", "\(version)")
    }

    /// The provenance is what `helm plugin package --sign` writes for the same plugin directory,
    /// but for our package: the same metadata block, the same files entry naming harbor-V.tgz
    /// (with our package's digest), the same armor (no CRC line, no final line break).
    @Test func provenanceHasHelmsOwnFormat() async throws {
        let release = try await SignedRelease.get()
        let scratch = try Scratch()
        let unpack = try await ProcessRunner.run("tar", ["-xzf", release.package, "-C", scratch.url.path])
        try #require(unpack.status == 0, "\(unpack)")
        let helm = try await Helm(version: "4.3.1", installPlugin: false)
        defer { helm.remove() }
        let package = try await helm.run(["plugin", "package", scratch.path("harbor").path, "--sign", "--key", SignedRelease.keyName,
                                    "--keyring", release.secring, "-d", scratch.path("helm").path])
        try #require(package.status == 0, "\(package)")
        let helms = try String(contentsOf: scratch.path("helm/\(SignedRelease.packageName).prov"), encoding: .utf8)
        let ours = try String(contentsOfFile: release.package + ".prov", encoding: .utf8)

        func message(_ prov: String) -> [Substring] {
            let lines = prov.split(separator: "\n", omittingEmptySubsequences: false)
            return Array(lines.prefix { $0 != "-----BEGIN PGP SIGNATURE-----" })
        }
        func withoutDigest(_ lines: [Substring]) async -> [String] {
            lines.map { $0.hasPrefix("  \(SignedRelease.packageName): sha256:") ? "  \(SignedRelease.packageName): sha256:…" : String($0) }
        }
        await #expect(withoutDigest(message(ours)) == withoutDigest(message(helms)))
        let digest = try await ProcessRunner.run("sha256sum", [release.package]).stdout.prefix(64)
        #expect(message(ours).contains("  \(SignedRelease.packageName): sha256:\(digest)"), "\(ours)")
        #expect(ours.hasPrefix("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n"))
        for prov in [ours, helms] {
            #expect(prov.hasSuffix("\n-----END PGP SIGNATURE-----"), "\(prov)")
            #expect(!prov.split(separator: "\n").contains { $0.hasPrefix("=") && $0.count == 5 }, "no CRC-24 line: \(prov)")
        }
        // The package's top and its harbor/ directory carry the same plugin.
        for file in ["plugin.yaml", "completion.yaml", "plugin.complete", "scripts/helm-plugin-install.sh"] {
            #expect(FileManager.default.contentsEqual(atPath: scratch.path(file).path, andPath: scratch.path("harbor/" + file).path), "\(file)")
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.path("bin").path), "one copy of the binary, in harbor/bin")
    }
}
