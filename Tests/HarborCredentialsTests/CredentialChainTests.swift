import Foundation
import HarborCore
import Testing

import HarborCredentials

/// The one credential chain: its order, the hosts the pipeline variables belong to, and
/// `DOCKER_AUTH_CONFIG` as docker ≥ 28.3 reads it (docker/cli `cli/config/configfile/file.go`,
/// `parseEnvConfig` and its tests in `file_test.go`, v29.7).
@Suite struct CredentialChainTests {
    static let host = "registry-acme.devops.t-systems.net"

    func chain(_ dir: TemporaryDirectory, _ variables: [String: String] = [:], defaultHost: String? = host) -> CredentialChain {
        var environment = dir.environment
        for (key, value) in variables { environment.variables[key] = value }
        // No platform default helper: the test machine has pass installed.
        environment.variables["PATH"] = dir.path + "/bin"
        environment.variables["HELM_REGISTRY_CONFIG"] = dir.path + "/helm/registry.json"
        return CredentialChain(environment: environment, dockerConfigDirectory: dir.path + "/docker", defaultHost: defaultHost)
    }

    func dockerFile(_ dir: TemporaryDirectory, auths: [String: String] = [:], credHelpers: [String: String] = [:]) {
        let entries = auths.map { "\"\($0.key)\": {\"auth\": \"\(base64($0.value))\"}" }.joined(separator: ",")
        let helpers = credHelpers.map { "\"\($0.key)\": \"\($0.value)\"" }.joined(separator: ",")
        _ = dir.write("{\"auths\": {\(entries)}, \"credHelpers\": {\(helpers)}}", to: "docker/config.json")
    }

    func helmFile(_ dir: TemporaryDirectory, auths: [String: String]) {
        let entries = auths.map { "\"\($0.key)\": {\"auth\": \"\(base64($0.value))\"}" }.joined(separator: ",")
        _ = dir.write("{\"auths\": {\(entries)}}", to: "helm/registry.json")
    }

    static let pipeline = ["HARBOR_USERNAME": "robot$pkey+ci", "HARBOR_CLI_SECRET": "ci-secret"]

    @Test("the pipeline variables come first for the default instance")
    func pipelineFirst() throws {
        let dir = TemporaryDirectory()
        dockerFile(dir, auths: [Self.host: "alice:alice-secret"])
        helmFile(dir, auths: [Self.host: "helmuser:helm-secret"])
        for consumer in [CredentialChain.Consumer.docker, .helm] {
            let found = try chain(dir, Self.pipeline).require(Self.host, for: consumer)
            #expect(found.username == "robot$pkey+ci")
            #expect(found.secret == "ci-secret")
            #expect(found.source == .pipeline(secretVariable: "HARBOR_CLI_SECRET"))
        }
    }

    @Test("the pipeline variables never answer for another host, and the miss says why")
    func pipelineNotForOtherHosts() throws {
        let dir = TemporaryDirectory()
        let other = "127.0.0.1:5999"
        #expect(try chain(dir, Self.pipeline).resolve(other, for: .helm) == nil)
        do {
            _ = try chain(dir, Self.pipeline).require(other, for: .docker)
            Issue.record("expected notLoggedIn")
        } catch {
            guard case .notLoggedIn(let host, let notes) = error else { Issue.record("\(error)"); return }
            #expect(host == other)
            #expect(notes.contains { $0.contains("belongs to \(Self.host)") && $0.contains("never sent to \(other)") })
        }
        // Without a default instance they belong to no host at all.
        #expect(try chain(dir, Self.pipeline, defaultHost: nil).resolve(Self.host, for: .docker) == nil)
    }

    @Test("a host mapped to docker-credential-harbor gets the pipeline variables too")
    func credHelpersHarborOwns() throws {
        let dir = TemporaryDirectory()
        dockerFile(dir, credHelpers: ["harbor.example.com": "harbor"])
        let chain = chain(dir, Self.pipeline)
        #expect(chain.pipelineHosts() == ["harbor.example.com", Self.host])
        #expect(try chain.resolve("harbor.example.com", for: .docker)?.source == .pipeline(secretVariable: "HARBOR_CLI_SECRET"))
    }

    @Test("HARBOR_USERNAME without a secret is an error for its own host, not a fall-through to a personal login")
    func pipelineWithoutSecret() throws {
        let dir = TemporaryDirectory()
        dockerFile(dir, auths: [Self.host: "alice:alice-secret"])
        #expect(throws: CredentialChainError.pipelineSecretMissing(host: Self.host, username: "robot$pkey+ci")) {
            try chain(dir, ["HARBOR_USERNAME": "robot$pkey+ci"]).resolve(Self.host, for: .docker)
        }
        let password = try chain(dir, ["HARBOR_USERNAME": "u", "HARBOR_PASSWORD": "p", "HARBOR_CLI_SECRET": ""]).require(Self.host, for: .docker)
        #expect(password.source == .pipeline(secretVariable: "HARBOR_PASSWORD"))
    }

    @Test("DOCKER_AUTH_CONFIG comes before Helm's file and docker's store")
    func dockerAuthConfigBeforeStores() throws {
        let dir = TemporaryDirectory()
        dockerFile(dir, auths: [Self.host: "alice:alice-secret"])
        helmFile(dir, auths: [Self.host: "helmuser:helm-secret"])
        let variable = "{\"auths\": {\"\(Self.host)\": {\"auth\": \"\(base64("env_user:env pass"))\"}}}"
        for consumer in [CredentialChain.Consumer.docker, .helm] {
            let found = try chain(dir, ["DOCKER_AUTH_CONFIG": variable]).require(Self.host, for: consumer)
            #expect(found.username == "env_user")
            #expect(found.secret == "env pass")
            #expect(found.source == .dockerAuthConfig)
        }
    }

    @Test("Helm reads its own file first; docker never reads it")
    func helmFileOnlyForHelm() throws {
        let dir = TemporaryDirectory()
        dockerFile(dir, auths: [Self.host: "alice:alice-secret"])
        helmFile(dir, auths: [Self.host: "helmuser:helm-secret"])
        let chain = chain(dir)
        #expect(try chain.require(Self.host, for: .helm).username == "helmuser")
        #expect(try chain.require(Self.host, for: .docker).username == "alice")
        guard case .docker(.file(let path)) = try chain.require(Self.host, for: .docker).source else { Issue.record("not docker's file"); return }
        #expect(path == dir.path + "/docker/config.json")
    }

    /// docker/cli file_test.go `TestParseEnvConfig`, `TestGetAllCredentialsFromEnvironment`:
    /// unknown fields, a missing `auth` or bad base64 make docker ignore the whole variable.
    @Test("a DOCKER_AUTH_CONFIG docker would ignore is ignored, and the miss says why", arguments: [
        ("{\"auths\": {\"H\": {\"username\": \"env_user\", \"password\": \"env_pass\"}}}", "unknown key \"username\""),
        ("{\"auths\": {\"H\": {\"auth\": \"ZW52X3VzZXI6ZW52X3Bhc3M=\", \"email\": \"x\"}}}", "unknown key \"email\""),
        ("{\"auths\": {\"H\": {}}}", "missing key `auth`"),
        ("{\"auths\": {\"H\": {\"auth\": \"not base64!\"}}}", "not standard base64"),
        ("{\"auths\": {\"H\": {\"auth\": \"\(base64(":nouser"))\"}}}", "non-empty user"),
        ("{\"credsStore\": \"pass\"}", "unknown key \"credsStore\""),
        ("{\"auths\": {}} {\"auths\": {}}", "not JSON"),
        ("[1]", "not a JSON object"),
    ])
    func ignoredDockerAuthConfig(value: String, reason: String) throws {
        let dir = TemporaryDirectory()
        let text = value.replacingOccurrences(of: "\"H\"", with: "\"\(Self.host)\"")
        let variable = DockerAuthConfigVariable(environment: ProcessEnvironment(variables: ["DOCKER_AUTH_CONFIG": text], homeDirectory: dir.path))
        #expect(variable.entries.isEmpty)
        #expect(variable.problem?.contains(reason) == true, "\(variable.problem ?? "no problem")")
        #expect(variable.problem?.contains("env_pass") != true)
        do {
            _ = try chain(dir, ["DOCKER_AUTH_CONFIG": text]).require(Self.host, for: .docker)
            Issue.record("expected notLoggedIn")
        } catch {
            guard case .notLoggedIn(_, let notes) = error else { Issue.record("\(error)"); return }
            #expect(notes.contains { $0.hasPrefix("DOCKER_AUTH_CONFIG is set but ignored") })
        }
    }

    @Test("DOCKER_AUTH_CONFIG entries are looked up by their exact key, as docker's memory store does")
    func exactKeys() {
        let value = "{\"auths\": {\"https://\(Self.host)\": {\"auth\": \"\(base64("u:p"))\"}, \"other:5000\": {\"auth\": \"\(base64("v:q\u{0}\u{0}"))\"}}}"
        let variable = DockerAuthConfigVariable(environment: ProcessEnvironment(variables: ["DOCKER_AUTH_CONFIG": value], homeDirectory: "/"))
        #expect(variable.problem == nil)
        #expect(variable.entry(for: Self.host) == nil)
        #expect(variable.entry(for: "other:5000")?.secret == "q")
        // Unset and empty are the same: nothing, no problem (docker: "env is ignored when empty").
        #expect(DockerAuthConfigVariable(environment: ProcessEnvironment(variables: ["DOCKER_AUTH_CONFIG": ""], homeDirectory: "/")).problem == nil)
    }

    @Test("with helpers: .never a store that needs a helper is passed over; its file entry is not used either")
    func neverRunsHelpers() throws {
        let dir = TemporaryDirectory()
        // A helper that would record being run.
        let marker = dir.path + "/ran"
        _ = dir.write("#!/bin/sh\n/usr/bin/touch \(marker)\necho '{\"ServerURL\":\"x\",\"Username\":\"h\",\"Secret\":\"s\"}'\n", to: "bin/docker-credential-rec", mode: 0o755)
        _ = dir.write("{\"auths\": {\"\(Self.host)\": {\"auth\": \"\(base64("alice:old"))\"}}, \"credsStore\": \"rec\"}", to: "docker/config.json")
        let chain = chain(dir)
        #expect(try chain.resolve(Self.host, for: .docker, helpers: .never) == nil)
        #expect(!FileManager.default.fileExists(atPath: marker))
        #expect(try chain.resolve(Self.host, for: .docker, helpers: .allowed)?.username == "h")
        #expect(FileManager.default.fileExists(atPath: marker))
    }

    @Test("a malformed store is an error that names it, without a secret")
    func unreadableStore() {
        let dir = TemporaryDirectory()
        _ = dir.write("{\"auths\": {\"\(Self.host)\": {\"auth\": \"\(base64("alice:s3cret"))\"}", to: "docker/config.json")
        do {
            _ = try chain(dir).resolve(Self.host, for: .docker)
            Issue.record("expected an error")
        } catch {
            guard case .unreadable(_, let store, _, _) = error else { Issue.record("\(error)"); return }
            #expect(store.contains("docker/config.json"))
            #expect(!error.description.contains("s3cret"))
            #expect(!error.description.contains(base64("alice:s3cret")))
        }
    }

    @Test("a resolved credential never prints its secret")
    func redacted() {
        let found = ResolvedCredential(username: "alice", secret: "s3cret", source: .dockerAuthConfig)
        for text in ["\(found)", String(describing: found), String(reflecting: found), { var out = ""; dump(found, to: &out); return out }()] {
            #expect(!text.contains("s3cret"), "\(text)")
        }
    }
}
