import Foundation
import HarborCommandsTestSupport
import HarborCore
import Testing

import HarborCommands

/// `docker-credential-harbor` speaks the docker-credential-helpers protocol
/// (docker/docker-credential-helpers v0.9, credentials/credentials.go, error.go): request on
/// stdin, answer on stdout, the exact not-found text with exit 1.
struct CredentialHelperProtocolTests {
    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("harbor-credhelper-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/docker", withIntermediateDirectories: true)
    }

    func writeConfig(_ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/docker/config.json"))
    }

    func helper(_ action: String, _ stdin: String, _ extra: [String: String] = [:]) -> (status: Int32, stdout: String, stderr: String) {
        let variables = ["HARBOR_CONFIG_DIR": directory, "DOCKER_CONFIG": directory + "/docker", "PATH": "/nonexistent"].merging(extra) { $1 }
        let captured = CapturedOutput()
        let status = CredentialHelperMain.run(arguments: [action], environment: ProcessEnvironment(variables: variables, homeDirectory: directory), output: captured.output) {
            Data(stdin.utf8)
        }
        return (status, captured.stdout, captured.stderr)
    }

    let pipeline = ["HARBOR_USERNAME": "robot$pkey+ci", "HARBOR_CLI_SECRET": "RobotCi1secret"]

    @Test func getAnswersFromTheEnvironmentForItsHarborHostsOnly() throws {
        try writeConfig(#"{"credHelpers": {"127.0.0.1:5111": "harbor"}}"#)
        let get = helper("get", "127.0.0.1:5111", pipeline)
        #expect(get.status == 0)
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(get.stdout.utf8)) as? [String: String])
        #expect(answer == ["ServerURL": "127.0.0.1:5111", "Username": "robot$pkey+ci", "Secret": "RobotCi1secret"])

        // Another registry never gets the pipeline's secret.
        let other = helper("get", "https://index.docker.io/v1/", pipeline)
        #expect(other.status == 1)
        #expect(other.stdout == "credentials not found in native keychain\n")
        #expect(!other.stdout.contains("RobotCi1secret"))

        // The default instance counts as a Harbor host too; HARBOR_PASSWORD works like HARBOR_CLI_SECRET.
        let byInstance = helper("get", "harbor.example.com", ["HARBOR_INSTANCE": "harbor.example.com", "HARBOR_USERNAME": "alice", "HARBOR_PASSWORD": "pw"])
        #expect(byInstance.status == 0, "\(byInstance)")
        #expect(byInstance.stdout.contains(#""Username":"alice""#))
    }

    @Test func withoutTheEnvironmentGetReadsWhatLoginStoredInTheFile() throws {
        let auth = Data("alice:AliceCli1secret".utf8).base64EncodedString()
        try writeConfig(#"{"auths": {"127.0.0.1:5111": {"auth": "\#(auth)"}}, "credHelpers": {"127.0.0.1:5111": "harbor"}}"#)
        let get = helper("get", "127.0.0.1:5111")
        #expect(get.status == 0)
        #expect(get.stdout.contains(#""Secret":"AliceCli1secret""#))
        let missing = helper("get", "127.0.0.1:6000")
        #expect(missing.status == 1)
        #expect(missing.stdout == "credentials not found in native keychain\n")
    }

    @Test func storeEraseAndListFollowTheProtocol() throws {
        try writeConfig(#"{"credHelpers": {"127.0.0.1:5111": "harbor"}}"#)
        let before = try String(contentsOfFile: directory + "/docker/config.json", encoding: .utf8)
        // Nothing to keep the secret in: a message on stdout, exit 1, nothing written.
        let store = helper("store", #"{"ServerURL":"127.0.0.1:5111","Username":"alice","Secret":"s3cret"}"#)
        #expect(store.status == 1)
        #expect(store.stdout.contains("credsStore"))
        #expect(!store.stdout.contains("s3cret"))
        #expect(try String(contentsOfFile: directory + "/docker/config.json", encoding: .utf8) == before)

        #expect(helper("store", #"{"ServerURL":"","Username":"a","Secret":"b"}"#).stdout == "no credentials server URL\n")
        #expect(helper("store", #"{"ServerURL":"h","Username":"","Secret":"b"}"#).stdout == "no credentials username\n")
        #expect(helper("get", "").stdout == "no credentials server URL\n")
        #expect(helper("erase", "127.0.0.1:5111").status == 0, "nothing stored by us: nothing to erase")

        let list = helper("list", "unused", pipeline)
        #expect(list.status == 0)
        #expect(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: String] == ["127.0.0.1:5111": "robot$pkey+ci"])
        #expect(helper("frobnicate", "").status == 1)
    }

    @Test func theOneBinaryChoosesByItsName() {
        #expect(ExecutableDispatch.program(forArgv0: "/home/u/.local/bin/docker-credential-harbor", fallback: .dockerPlugin) == .credentialHelper)
        #expect(ExecutableDispatch.program(forArgv0: "docker-credential-harbor", fallback: .helmPlugin) == .credentialHelper)
        #expect(ExecutableDispatch.program(forArgv0: "/x/plugins/harbor/bin/helm-harbor", fallback: .dockerPlugin) == .helmPlugin)
        #expect(ExecutableDispatch.program(forArgv0: "/x/cli-plugins/docker-harbor", fallback: .helmPlugin) == .dockerPlugin)
        #expect(ExecutableDispatch.program(forArgv0: "/tmp/renamed", fallback: .helmPlugin) == .helmPlugin)
    }
}
