import Foundation
import HarborCore
import HarborTestSupport
import Testing

import HarborCredentials

/// One secret, one place: a login stores where `docker login` would (docker/cli
/// `cli/config/credentials/default_store_linux.go`, `configfile/file.go` v28.2.2), with real
/// `pass` and `docker-credential-pass` and a throwaway GPG key.
@Suite(.serialized) struct CredentialPlacementTests {
    static let host = "harbor.example.com"
    static let secret = "Cli-Secret-4711"

    /// The secret in any form a file could hold it: raw, or base64 of `user:secret`.
    static func holdsSecret(_ text: String, username: String = "alice") -> Bool {
        text.contains(secret) || text.contains(base64("\(username):\(secret)")) || text.contains(base64(secret))
    }

    @Test(.enabled(if: Platform.isLinux, "docker-credential-pass and pass are the Linux platform default (docker's credential-helpers)"))
    func anEmptyConfigAdoptsPassAsDockerLoginDoes() async throws {
        let pass = try await PassStore()
        let config = pass.dir.write("{}\n", to: "docker/config.json")
        let store = CredentialStore(file: DockerConfigFile(path: config), environment: pass.environment)

        #expect(try store.store(host: Self.host, username: "alice", secret: Self.secret, platformDefault: .adopt) == .helper("pass"))
        let contents = try DockerConfigFile(path: config).load()
        #expect(contents.credsStore == "pass")
        #expect(contents.document.node(at: ["auths", Self.host])?.members?.isEmpty == true, "docker's {} placeholder")
        #expect(!Self.holdsSecret(pass.dir.read("docker/config.json")))
        // The secret is in pass, and docker's own helper client returns it.
        let got = try CredentialHelperClient(helper: "pass", environment: pass.environment).get(serverURL: Self.host)
        #expect(got?.username == "alice")
        #expect(got?.secret == Self.secret)
        // Nothing but config.json in docker's directory.
        #expect(try FileManager.default.contentsOfDirectory(atPath: pass.dir.path + "/docker") == ["config.json"])

        // Logout says where the secret was: pass, not the file.
        #expect(try store.erase(host: Self.host) == [.helper("pass")])
        #expect(try store.credential(for: Self.host) == nil)
        #expect(try store.erase(host: Self.host) == [], "nothing stored any more")
        #expect(try FileManager.default.contentsOfDirectory(atPath: pass.dir.path + "/docker") == ["config.json"])
    }

    @Test(.enabled(if: Platform.isLinux, "docker-credential-pass and pass are the Linux platform default (docker's credential-helpers)"))
    func passWithoutAnInitialisedStoreIsAnErrorWithTheFixAndWritesNothing() throws {
        _ = try requireTool("pass", package: "pass")
        _ = try requireTool("docker-credential-pass", package: "golang-docker-credential-helpers")
        let dir = TemporaryDirectory()
        let configPath = dir.path + "/docker/config.json"
        let store = CredentialStore(file: DockerConfigFile(path: configPath), environment: dir.environment)

        let expected = "\(configPath) names no credential store, so docker would use docker-credential-pass, but the password store \(dir.path)/.password-store is not initialised (no .gpg-id), so docker-credential-pass cannot store anything"
        #expect {
            try store.plannedDestination(for: Self.host, platformDefault: .adopt)
        } throws: { error in
            "\(error)" == expected && (error as? CredentialStoreError)?.fix?.contains("pass init GPG-ID") == true
                && (error as? CredentialStoreError)?.fix?.contains("--file-store") == true
        }
        #expect {
            try store.store(host: Self.host, username: "alice", secret: Self.secret, platformDefault: .adopt)
        } throws: { error in
            "\(error)" == expected
        }
        #expect(!FileManager.default.fileExists(atPath: configPath), "nothing written")

        // Asked for the file explicitly: plain text, as docker's file store keeps it.
        #expect(try store.store(host: Self.host, username: "alice", secret: Self.secret, platformDefault: .file) == .file(configPath))
        #expect(try store.credential(for: Self.host)?.secret == Self.secret)
        #expect(try DockerConfigFile(path: configPath).load().credsStore == nil)
        #expect(try store.erase(host: Self.host) == [.file(configPath)])
    }

    @Test(.enabled(if: Platform.isLinux, "docker-credential-pass and pass are the Linux platform default (docker's credential-helpers)"))
    func existingConfigurationsKeepTheirStore() async throws {
        // pass on PATH but not initialised: a file that configures anything never asks the default.
        let dir = TemporaryDirectory()
        let withAuths = dir.write(#"{"auths": {"other.example.com": {"auth": "b3RoZXI6c2VjcmV0"}}}"#, to: "auths/config.json")
        let auths = CredentialStore(file: DockerConfigFile(path: withAuths), environment: dir.environment)
        #expect(try auths.store(host: Self.host, username: "alice", secret: Self.secret, platformDefault: .adopt) == .file(withAuths))
        #expect(try DockerConfigFile(path: withAuths).load().credsStore == nil)
        #expect(try auths.credential(for: "other.example.com")?.secret == "secret")

        // credsStore and credHelpers name their helper; --file-store does not override them.
        let pass = try await PassStore()
        let credsStore = pass.dir.write(#"{"credsStore": "pass"}"#, to: "store/config.json")
        let viaStore = CredentialStore(file: DockerConfigFile(path: credsStore), environment: pass.environment)
        #expect(try viaStore.store(host: Self.host, username: "alice", secret: Self.secret, platformDefault: .file) == .helper("pass"))
        #expect(!Self.holdsSecret(pass.dir.read("store/config.json")))
        let credHelpers = pass.dir.write(#"{"credHelpers": {"harbor.example.com": "pass"}}"#, to: "helpers/config.json")
        let viaHelpers = CredentialStore(file: DockerConfigFile(path: credHelpers), environment: pass.environment)
        #expect(try viaHelpers.store(host: Self.host, username: "alice", secret: Self.secret, platformDefault: .adopt) == .helper("pass"))
        #expect(try DockerConfigFile(path: credHelpers).load().credsStore == nil, "credHelpers stays the only helper setting")
        #expect(try viaHelpers.erase(host: Self.host) == [.helper("pass")])
    }

    @Test func anOldHelmEntryThatWouldShadowTheLoginIsRemoved() throws {
        let dir = TemporaryDirectory()
        let helmPath = dir.write(
            """
            {
            \t"auths": {
            \t\t"harbor.example.com": {"auth": "\(base64("alice:old-secret"))"},
            \t\t"other.example.com": {"auth": "\(base64("bob:keep"))"}
            \t}
            }
            """, to: "helm/registry/config.json")
        let helm = HelmRegistryConfig(location: HelmRegistryConfigLocation(path: helmPath), environment: dir.environment)
        #expect(try helm.removeShadowingEntry(host: Self.host, dockerStoredIn: .helper("pass")) == [.file(helmPath)])
        #expect(try helm.load().authKeys == ["other.example.com"], "other hosts' entries stay")
        #expect(try helm.removeShadowingEntry(host: Self.host, dockerStoredIn: .helper("pass")) == [], "nothing left to remove")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path + "/helm/registry") == ["config.json"])

        // An entry in the same helper docker just stored to is the very same entry: kept.
        let samePath = dir.write(#"{"credsStore": "pass", "auths": {"harbor.example.com": {}}}"#, to: "same/config.json")
        let same = HelmRegistryConfig(location: HelmRegistryConfigLocation(path: samePath), environment: dir.environment)
        #expect(try same.removeShadowingEntry(host: Self.host, dockerStoredIn: .helper("pass")) == [])
        #expect(dir.read("same/config.json") == #"{"credsStore": "pass", "auths": {"harbor.example.com": {}}}"#)
    }

    @Test(.enabled(if: Platform.isLinux, "docker-credential-pass and pass are the Linux platform default (docker's credential-helpers)"))
    func helmOnlyFollowsTheSameRulesInHelmsFile() async throws {
        let pass = try await PassStore()
        let helmPath = pass.dir.path + "/helm/registry/config.json"
        let helm = HelmRegistryConfig(location: HelmRegistryConfigLocation(path: helmPath), environment: pass.environment)
        // Helm 4 adopts a platform default helper as docker does (ORAS credentials `NewStore`
        // with DetectDefaultNativeStore).
        #expect(try helm.store(host: Self.host, username: "alice", secret: Self.secret, platformDefault: .adopt) == .helper("pass"))
        #expect(try helm.load().credsStore == "pass")
        #expect(!Self.holdsSecret(pass.dir.read("helm/registry/config.json")))
        #expect(try helm.erase(host: Self.host) == [.helper("pass")])
    }

    @Test func secretserviceWithoutADBusSessionIsAProblem() {
        let dir = TemporaryDirectory()
        var environment = dir.environment
        environment.variables["XDG_RUNTIME_DIR"] = dir.path
        let problem = PlatformDefaultHelper.problem(with: "secretservice", environment: environment)
        #expect(problem?.what.contains("no D-Bus session") == true)
        environment.variables["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/run/user/1000/bus"
        #expect(PlatformDefaultHelper.problem(with: "secretservice", environment: environment) == nil)
        #expect(PlatformDefaultHelper.problem(with: "osxkeychain", environment: environment) == nil)
    }

    @Test func robotNamesTheShellAteGetAHint() {
        let prefixes = EffectiveSettings.defaultRobotPrefixes
        let hint = AccountKind.shellMangledRobotHint("robot+ci", robotPrefixes: prefixes)
        #expect(hint?.message == "'robot+ci' looks like a robot account name whose '$PKEY' part the shell removed")
        #expect(hint?.fix.contains("-u 'robot$PKEY+ci'") == true)
        #expect(AccountKind.shellMangledRobotHint("robot", robotPrefixes: prefixes) != nil)
        #expect(AccountKind.shellMangledRobotHint("robot$pkey+ci", robotPrefixes: prefixes) == nil)
        #expect(AccountKind.shellMangledRobotHint("doaas-pkey+jenkins", robotPrefixes: prefixes) == nil)
        #expect(AccountKind.shellMangledRobotHint("robertson", robotPrefixes: prefixes) == nil)
        #expect(AccountKind.shellMangledRobotHint("bot+x", robotPrefixes: ["bot$"]) != nil, "configured prefixes too")
    }
}
