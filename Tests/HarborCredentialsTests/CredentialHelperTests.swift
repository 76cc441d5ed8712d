import Foundation
import HarborCore
import HarborTestSupport
import Testing

import HarborCredentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A throwaway `pass` store with its own GPG key (docker/docker-credential-helpers
/// client/client.go; the Debian package golang-docker-credential-helpers provides
/// docker-credential-pass).
final class PassStore {
    let dir = TemporaryDirectory()
    let environment: ProcessEnvironment

    init() async throws {
        let gpg = try requireTool("gpg", package: "gnupg")
        let pass = try requireTool("pass", package: "pass")
        _ = try requireTool("docker-credential-pass", package: "golang-docker-credential-helpers")
        let gnupg = dir.path + "/gnupg"
        try FileManager.default.createDirectory(atPath: gnupg, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        environment = ProcessEnvironment(
            variables: [
                "HOME": dir.path, "GNUPGHOME": gnupg, "PASSWORD_STORE_DIR": dir.path + "/password-store",
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            ],
            homeDirectory: dir.path)
        let generated = try await ProcessRunner.run(
            gpg, ["--batch", "--passphrase", "", "--quick-gen-key", "harbor-test <t@example.invalid>", "future-default", "default", "never"],
            environment: environment.variables)
        guard generated.status == 0 else { throw SetupFailed(step: "gpg --quick-gen-key", output: generated.stderr) }
        let listed = try await ProcessRunner.run(gpg, ["--list-keys", "--with-colons"], environment: environment.variables)
        guard let fingerprint = listed.stdout.split(separator: "\n").first(where: { $0.hasPrefix("fpr:") })?.split(separator: ":", omittingEmptySubsequences: false)[9]
        else { throw SetupFailed(step: "gpg --list-keys", output: listed.stdout) }
        let initialized = try await ProcessRunner.run(pass, ["init", String(fingerprint)], environment: environment.variables)
        guard initialized.status == 0 else { throw SetupFailed(step: "pass init", output: initialized.stderr) }
    }

    deinit {
        if let gpgconf = ExecutableSearch.find("gpgconf", in: environment) {
            _ = try? ProcessRunner.runBlocking(gpgconf, ["--kill", "gpg-agent"], environment: environment.variables)
        }
    }

    struct SetupFailed: Error, CustomStringConvertible {
        let step: String
        let output: String
        var description: String { "\(step) failed: \(output)" }
    }
}

@Suite(.serialized) struct CredentialHelperTests {
    @Test func passStoresReturnsAndErases() async throws {
        let store = try await PassStore()
        let client = CredentialHelperClient(helper: "pass", environment: store.environment)
        #expect(try client.get(serverURL: "harbor.example.com") == nil)  // not there yet

        try client.store(serverURL: "harbor.example.com", username: "alice", secret: "cli-secret-1")
        let found = try client.get(serverURL: "harbor.example.com")
        #expect(found == StoredCredential(username: "alice", secret: "cli-secret-1", location: .helper("pass")))
        #expect(try client.list() == ["harbor.example.com": "alice"])

        try client.erase(serverURL: "harbor.example.com")
        #expect(try client.get(serverURL: "harbor.example.com") == nil)
        try client.erase(serverURL: "harbor.example.com")  // again: nothing to erase is fine
    }

    @Test func identityTokensComeBackAsTokens() async throws {
        let store = try await PassStore()
        let client = CredentialHelperClient(helper: "pass", environment: store.environment)
        try client.store(serverURL: "h:5000", username: CredentialHelperClient.identityTokenUsername, secret: "REFRESH")
        let found = try #require(try client.get(serverURL: "h:5000"))
        #expect(found.isIdentityToken)
        #expect(found.secret == "REFRESH")
    }

    @Test func credsStorePassAndCredHelpersSideBySide() async throws {
        let store = try await PassStore()
        let config = store.dir.write(
            """
            {
            \t"credsStore": "pass",
            \t"credHelpers": {
            \t\t"file-only.example.com": "nonexistent-helper"
            \t}
            }
            """, to: "docker/config.json")
        let credentials = CredentialStore(file: DockerConfigFile(path: config), environment: store.environment)

        // credsStore → pass, with docker's {} placeholder in auths (docker/cli v28.2.2,
        // cli/config/credentials/native_store.go `Store`).
        #expect(try credentials.store(host: "harbor.example.com", username: "alice", secret: "s1", platformDefault: .file) == .helper("pass"))
        #expect(try credentials.credential(for: "harbor.example.com")?.secret == "s1")
        #expect(store.dir.read("docker/config.json").contains("\"harbor.example.com\": {}"))
        #expect(!store.dir.read("docker/config.json").contains("s1"))

        // credHelpers wins for its host; a missing helper names itself and the key to remove.
        #expect {
            try credentials.store(host: "file-only.example.com", username: "bob", secret: "s2", platformDefault: .file)
        } throws: { error in
            "\(error)" == "docker-credential-nonexistent-helper not found on PATH; install docker-credential-nonexistent-helper or remove credHelpers[\"file-only.example.com\"] from \(config)"
        }

        // A per-host helper that exists: pass for one host, plain file for the rest.
        let mixed = store.dir.write(#"{"credHelpers": {"secure.example.com": "pass"}, "auths": {}}"#, to: "mixed/config.json")
        let mixedStore = CredentialStore(file: DockerConfigFile(path: mixed), environment: store.environment)
        #expect(try mixedStore.store(host: "secure.example.com", username: "s", secret: "in-pass", platformDefault: .adopt) == .helper("pass"))
        #expect(try mixedStore.store(host: "plain.example.com", username: "p", secret: "in-file", platformDefault: .adopt) == .file(mixed))
        #expect(try mixedStore.credential(for: "secure.example.com")?.location == .helper("pass"))
        #expect(try mixedStore.credential(for: "plain.example.com")?.secret == "in-file")
        #expect(try DockerConfigFile(path: mixed).load().credsStore == nil)

        try credentials.erase(host: "harbor.example.com")
        #expect(try credentials.credential(for: "harbor.example.com") == nil)
        #expect(try DockerConfigFile(path: config).load().authKeys.isEmpty)
    }

    @Test func dockerLogoutErasesWhatWeStoredInPass() async throws {
        let store = try await PassStore()
        let docker = try requireTool("docker", package: "docker-ce-cli (the docker 28 client)")
        let config = store.dir.write(#"{"credsStore": "pass"}"#, to: "docker/config.json")
        let credentials = CredentialStore(file: DockerConfigFile(path: config), environment: store.environment)
        try credentials.store(host: "harbor.example.com", username: "alice", secret: "s1", platformDefault: .file)

        var environment = store.environment.variables
        environment["DOCKER_CONFIG"] = store.dir.path + "/docker"
        let logout = try await ProcessRunner.run(docker, ["logout", "harbor.example.com"], environment: environment)
        #expect(logout.status == 0)
        #expect(try credentials.credential(for: "harbor.example.com") == nil)
        #expect(try CredentialHelperClient(helper: "pass", environment: store.environment).list().isEmpty)
    }

    @Test func platformDefaultIsADecisionWithAReason() async throws {
        let store = try await PassStore()
        let config = DockerConfigFile(path: store.dir.path + "/docker/config.json")
        let credentials = CredentialStore(file: config, environment: store.environment)
        let decision = try credentials.platformDefault()
        #if os(Linux)
        #expect(decision.helper == "pass")
        #expect(decision.reason.contains("pass is on PATH"))
        #endif

        // .file keeps the secret in the file; the file now has auths, so the default no longer applies.
        #expect(try credentials.store(host: "a.example.com", username: "u", secret: "p", platformDefault: .file) == .file(config.path))
        #expect(try credentials.platformDefault().helper == nil)

        // .adopt does what docker login does: helper + "credsStore" written.
        let fresh = CredentialStore(file: DockerConfigFile(path: store.dir.path + "/fresh/config.json"), environment: store.environment)
        #expect(try fresh.store(host: "b.example.com", username: "u", secret: "p", platformDefault: .adopt) == .helper("pass"))
        #expect(try fresh.file.load().credsStore == "pass")
        #expect(try fresh.credential(for: "b.example.com")?.secret == "p")

        // Without docker-credential-* on PATH there is no default.
        var bare = store.environment
        bare.variables["PATH"] = store.dir.path + "/empty-bin"
        let none = PlatformDefaultHelper.decide(for: try DockerConfigFile(path: store.dir.path + "/none.json").load(), environment: bare)
        #expect(none.helper == nil)
        #expect(none.reason.contains("is not on PATH, so credentials go to the file"))
    }
}

/// Scripted helpers for what a real one rarely does: the exact not-found text, failures, hangs.
@Suite struct ScriptedHelperTests {
    func helper(_ name: String, script: String, in dir: TemporaryDirectory) -> ProcessEnvironment {
        let path = dir.write("#!/bin/sh\n" + script, to: "bin/docker-credential-\(name)", mode: 0o755)
        _ = path
        var environment = dir.environment
        environment.variables["PATH"] = dir.path + "/bin:/usr/bin:/bin"
        return environment
    }

    @Test func notFoundTextMeansNoCredentials() throws {
        let dir = TemporaryDirectory()
        let environment = helper("nf", script: "cat >/dev/null; echo '  credentials not found in native keychain  '; exit 1", in: dir)
        let client = CredentialHelperClient(helper: "nf", environment: environment)
        #expect(try client.get(serverURL: "h") == nil)
        try client.erase(serverURL: "h")
    }

    /// A helper (and whatever it starts: pass, gpg) never sees a pipeline's secrets in its
    /// environment; only our own helper, which answers from them, gets them.
    @Test func helpersRunWithoutThePipelinesSecretVariables() throws {
        let dir = TemporaryDirectory()
        let log = dir.path + "/env"
        var environment = helper("env", script: "cat >/dev/null; env > \(log); exit 0", in: dir)
        environment.variables["HARBOR_CLI_SECRET"] = "EnvSecret1"
        environment.variables["HARBOR_PASSWORD"] = "EnvSecret2"
        environment.variables["DOCKER_AUTH_CONFIG"] = #"{"auths":{"h":{"auth":"dTpFbnZTZWNyZXQz"}}}"#
        environment.variables["HARBOR_USERNAME"] = "u"
        try CredentialHelperClient(helper: "env", environment: environment).erase(serverURL: "h")
        let seen = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(seen.contains("HARBOR_USERNAME=u"), "the rest of the environment is kept: \(seen)")
        for name in ["HARBOR_CLI_SECRET", "HARBOR_PASSWORD", "DOCKER_AUTH_CONFIG"] {
            #expect(!seen.contains(name + "="), "\(name) reached the helper: \(seen)")
        }
        _ = helper("harbor", script: "cat >/dev/null; env > \(log); exit 0", in: dir)
        try CredentialHelperClient(helper: "harbor", environment: environment).erase(serverURL: "h")
        #expect(((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("HARBOR_CLI_SECRET=EnvSecret1"), "docker-credential-harbor answers from them")
    }

    @Test func requestsAreWhatTheProtocolSays() throws {
        let dir = TemporaryDirectory()
        let log = dir.path + "/log"
        let environment = helper(
            "log",
            script: """
                printf '%s|' "$*" >> \(log); cat >> \(log); printf '\\n' >> \(log)
                [ "$1" = get ] && printf '{"ServerURL":"h","Username":"\\\\u003ctoken\\\\u003e","Secret":"tok"}'
                exit 0
                """, in: dir)
        let client = CredentialHelperClient(helper: "log", environment: environment)
        try client.store(serverURL: "h:1", username: "u", secret: "p/q")
        let token = try client.get(serverURL: "h:1")
        #expect(token?.isIdentityToken == true)
        #expect(token?.secret == "tok")
        try client.erase(serverURL: "h:1")
        let lines = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.first?.hasPrefix("store|{") == true)
        #expect(lines.first?.contains(#""Secret":"p/q""#) == true)
        #expect(lines.dropFirst().first == "get|h:1")  // no newline after the URL
        #expect(lines.last == "erase|h:1")
    }

    @Test func failuresCarryTheHelpersMessageButNotTheSecret() throws {
        let dir = TemporaryDirectory()
        // A badly behaved helper that echoes its input.
        let environment = helper("echo", script: "cat; echo ' storage is locked' >&2; exit 3", in: dir)
        let client = CredentialHelperClient(helper: "echo", environment: environment)
        do {
            try client.store(serverURL: "h", username: "alice", secret: "TOPSECRET")
            Issue.record("store succeeded")
        } catch {
            let text = error.description
            #expect(text.hasPrefix("docker-credential-echo store failed (exit status 3): "))
            #expect(text.contains("<redacted>"))
            #expect(!text.contains("TOPSECRET"))
        }
        let stderrOnly = helper("err", script: "cat >/dev/null; echo 'keyring is locked' >&2; exit 1", in: dir)
        #expect {
            _ = try CredentialHelperClient(helper: "err", environment: stderrOnly).get(serverURL: "h")
        } throws: { error in
            "\(error)" == "docker-credential-err get failed (exit status 1): keyring is locked"
        }
    }

    @Test func aHangingHelperTimesOut() throws {
        let dir = TemporaryDirectory()
        let environment = helper("hang", script: "exec sleep 30", in: dir)
        let client = CredentialHelperClient(helper: "hang", environment: environment, timeout: .seconds(1))
        let start = Date()
        #expect {
            _ = try client.get(serverURL: "h")
        } throws: { error in
            "\(error)".hasPrefix("docker-credential-hang get did not finish within 1 seconds and was stopped")
        }
        #expect(Date().timeIntervalSince(start) < 10)
    }

    @Test func garbageOutputIsAnErrorWithoutQuotingIt() throws {
        let dir = TemporaryDirectory()
        let environment = helper("junk", script: "cat >/dev/null; echo 'Secret=LEAKED not json'", in: dir)
        #expect {
            _ = try CredentialHelperClient(helper: "junk", environment: environment).get(serverURL: "h")
        } throws: { error in
            "\(error)".contains("not the credential-helper protocol") && !"\(error)".contains("LEAKED")
        }
    }

    @Test func aMissingHelperSaysWhatToDo() throws {
        let dir = TemporaryDirectory()
        var environment = dir.environment
        environment.variables["PATH"] = dir.path + "/nothing"
        let config = dir.write(#"{"credsStore": "pass"}"#, to: "config.json")
        let store = CredentialStore(file: DockerConfigFile(path: config), environment: environment)
        #expect {
            _ = try store.credential(for: "h")
        } throws: { error in
            "\(error)" == "docker-credential-pass not found on PATH; install golang-docker-credential-helpers or remove \"credsStore\" from \(config)"
        }
    }
}
