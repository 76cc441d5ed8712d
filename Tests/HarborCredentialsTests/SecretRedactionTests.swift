import Foundation
import HarborCore
import Testing

import HarborCredentials

/// Secrets must not leak through printing, dumping or errors.
@Suite struct SecretRedactionTests {
    let secret = "Sup3rS3cret-CLI"

    @Test func storedCredentialNeverPrintsItsSecret() {
        let credential = StoredCredential(username: "alice", secret: secret, location: .helper("pass"))
        var dumped = ""
        dump(credential, to: &dumped)
        let renderings = [
            "\(credential)", String(describing: credential), String(reflecting: credential), credential.debugDescription, dumped,
            "\([credential])", "\(Optional(credential) as Any)",
        ]
        for text in renderings {
            #expect(!text.contains(secret), "\(text)")
            #expect(text.contains("alice"))
        }
        #expect("\(credential)" == "alice (secret redacted) in docker-credential-pass")
    }

    @Test func fileErrorsDoNotQuoteTheAuthValue() throws {
        let dir = TemporaryDirectory()
        // base64 of the secret without a colon: invalid, and the error must not show it.
        let encoded = base64(secret)
        let path = dir.write(#"{"auths": {"h": {"auth": "\#(encoded)"}}}"#, to: "config.json")
        do {
            _ = try CredentialStore(file: DockerConfigFile(path: path), environment: dir.environment).credential(for: "h")
            Issue.record("no error")
        } catch {
            #expect(!"\(error)".contains(encoded))
            #expect(!"\(error)".contains(secret))
        }
    }

    @Test func theSecretIsNeverOnArgv() throws {
        let dir = TemporaryDirectory()
        let log = dir.path + "/argv"
        _ = dir.write("#!/bin/sh\necho \"$0 $*\" > \(log)\ncat > /dev/null\n", to: "bin/docker-credential-argv", mode: 0o755)
        var environment = dir.environment
        environment.variables["PATH"] = dir.path + "/bin:/usr/bin:/bin"
        try CredentialHelperClient(helper: "argv", environment: environment).store(serverURL: "h", username: "u", secret: secret)
        let argv = try String(contentsOfFile: log, encoding: .utf8)
        #expect(argv.hasSuffix("docker-credential-argv store\n"))
        #expect(!argv.contains(secret))
    }
}
