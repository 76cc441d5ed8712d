import Foundation
import HarborCore
import Testing

import HarborCredentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// config.json reading and writing (docker/cli v28.2.2, cli/config/configfile/file.go,
/// cli/config/credentials/file_store.go, cli/command/registry/logout.go).
@Suite struct DockerConfigFileTests {
    static let realistic = """
        {
        \t"auths": {
        \t\t"https://legacy.example.com/v1/": {
        \t\t\t"auth": "bGVnYWN5OnB3"
        \t\t},
        \t\t"other.example.com:5000": {
        \t\t\t"auth": "b3RoZXI6c2VjcmV0MQ\\u003d\\u003d",
        \t\t\t"email": "o@example.com"
        \t\t}
        \t},
        \t"plugins": {"harbor": {"instance": "prod"}},
        \t"unknownTopLevel": {"n": 1E+3, "list": [true, null, "\\u0026"]},
        \t"currentContext": "default"
        }
        """

    @Test func storeChangesOnlyTheStoredEntry() throws {
        let dir = TemporaryDirectory()
        let path = dir.write(Self.realistic, to: "config.json")
        let file = DockerConfigFile(path: path)
        #expect(try file.storeInFile(host: "harbor.example.com", username: "alice", secret: "s3cr3t"))

        let expected = Self.realistic.replacingOccurrences(
            of: "\t\t\t\"email\": \"o@example.com\"\n\t\t}\n",
            with: "\t\t\t\"email\": \"o@example.com\"\n\t\t},\n\t\t\"harbor.example.com\": {\n\t\t\t\"auth\": \"\(base64("alice:s3cr3t"))\"\n\t\t}\n")
        #expect(dir.read("config.json") == expected)

        let stored = try file.load().fileCredential(for: "harbor.example.com")
        #expect(stored == StoredCredential(username: "alice", secret: "s3cr3t", location: .file(path)))

        // Erasing gives back the original bytes.
        #expect(try file.eraseFromFile(host: "harbor.example.com"))
        #expect(dir.read("config.json") == Self.realistic)
    }

    @Test func unchangedCredentialsAreNotRewritten() throws {
        // Like docker's file store, which skips the write when nothing changed (docker/cli v28.2.2,
        // cli/config/credentials/file_store.go).
        let dir = TemporaryDirectory()
        let file = DockerConfigFile(path: dir.path + "/config.json")
        #expect(try file.storeInFile(host: "h", username: "u", secret: "p"))
        // An old time stamp: any rewrite would replace it, however fast the test runs.
        setModificationTime(file.path, seconds: 1_000_000_000)
        let before = modificationTime(file.path)
        #expect(try file.storeInFile(host: "h", username: "u", secret: "p") == false)
        #expect(modificationTime(file.path) == before)
        #expect(try file.storePlaceholder(host: "x") == true)
        let placeholderWritten = modificationTime(file.path)
        #expect(placeholderWritten != before)
        setModificationTime(file.path, seconds: 1_000_000_000)
        #expect(try file.storePlaceholder(host: "x") == false)
        #expect(try file.eraseFromFile(host: "nothing-here") == false)
        #expect(modificationTime(file.path) == before, "only the first placeholder write changed the file")
    }

    @Test(arguments: [
        ("https://harbor.example.com", "harbor.example.com"),
        ("http://harbor.example.com:8443/v2/", "harbor.example.com:8443"),
        ("harbor.example.com/project/repo", "harbor.example.com"),
        ("https://user@harbor.example.com/", "harbor.example.com"),
        ("LOCALHOST:5111", "LOCALHOST:5111"),
    ])
    func hostnamesAreNormalizedLikeDocker(address: String, host: String) {
        #expect(RegistryHostKey.hostname(address) == host)
    }

    @Test func legacyKeysAreFoundAndErased() throws {
        let dir = TemporaryDirectory()
        let path = dir.write(Self.realistic, to: "config.json")
        let file = DockerConfigFile(path: path)
        let legacy = try file.load().fileCredential(for: "legacy.example.com")
        #expect(legacy?.username == "legacy")
        #expect(legacy?.secret == "pw")
        // Escaped base64 padding (\u003d) decodes like any other string.
        #expect(try file.load().fileCredential(for: "other.example.com:5000")?.secret == "secret1")

        let withVariants = dir.write(
            #"{"auths":{"h:1":{"auth":"YTpi"},"http://h:1":{},"https://h:1":{},"https://h:1/v2/":{},"h:10":{}}}"#, to: "v.json")
        #expect(try DockerConfigFile(path: withVariants).eraseFromFile(host: "h:1"))
        #expect(dir.read("v.json") == #"{"auths":{"h:10":{}}}"#)
    }

    @Test func identityTokensAndPlaceholders() throws {
        let dir = TemporaryDirectory()
        let file = DockerConfigFile(path: dir.path + "/config.json")
        try file.storeInFile(host: "h", username: "admin", secret: "REFRESH-123", isIdentityToken: true)
        // The form docker writes for a refresh token (docker/cli v28.2.2,
        // cli/command/registry/login.go).
        #expect(dir.read("config.json").contains(#""auth": "YWRtaW46","#))
        #expect(dir.read("config.json").contains(#""identitytoken": "REFRESH-123""#))
        let token = try file.load().fileCredential(for: "h")
        #expect(token?.isIdentityToken == true)
        #expect(token?.username == "admin")

        // A helper now holds the secret: the plaintext entry becomes docker's {} placeholder.
        try file.storePlaceholder(host: "h")
        #expect(dir.read("config.json") == "{\n\t\"auths\": {\n\t\t\"h\": {}\n\t}\n}")
        #expect(try file.load().fileCredential(for: "h") == nil)
    }

    @Test(arguments: [
        (#"{"auths":{"h":{"auth":"not base64!"}}}"#, "is not standard base64"),
        (#"{"auths":{"h":{"auth":"bm9jb2xvbg"}}}"#, "is not standard base64"),  // no padding
        (#"{"auths":{"h":{"auth":"bm9jb2xvbg=="}}}"#, "user:secret"),  // "nocolon"
        (#"{"auths":{"h":{"auth":"OnB3"}}}"#, "non-empty user"),  // ":pw"
    ])
    func invalidAuthNamesTheEntryNotTheValue(text: String, reason: String) throws {
        let dir = TemporaryDirectory()
        let path = dir.write(text, to: "config.json")
        do {
            _ = try DockerConfigFile(path: path).load().fileCredential(for: "h")
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description.contains(path))
            #expect(error.description.contains("auths[\"h\"].auth"))
            #expect(error.description.contains(reason))
            #expect(!error.description.contains("bm9jb2xvbg"))
        }
    }

    @Test(arguments: [
        (#"{"auths": "x"}"#, "\"auths\" is a string, expected an object"),
        (#"{"credsStore": 1}"#, "\"credsStore\" is a number, expected a string"),
        (#"{"credHelpers": {"h": true}}"#, "credHelpers[\"h\"] is a boolean, expected a string"),
        ("[]", "the top-level value is an array"),
    ])
    func wrongShapesAreRefusedWithTheKey(text: String, message: String) throws {
        let dir = TemporaryDirectory()
        let path = dir.write(text, to: "config.json")
        #expect {
            try DockerConfigFile(path: path).storeInFile(host: "h", username: "u", secret: "p")
        } throws: { error in
            "\(error)".contains(message) && "\(error)".contains(path)
        }
        #expect(dir.read("config.json") == text)
    }

    @Test func malformedFileIsNeverWritten() throws {
        let dir = TemporaryDirectory()
        let text = "{\n\t\"auths\": {\n\t\t\"a\": {\"auth\": \"YTpi\"},\n\t}\n}"  // trailing comma
        let path = dir.write(text, to: "config.json", mode: 0o644)
        // An old time stamp: any write would replace it, however fast the test runs.
        setModificationTime(path, seconds: 1_000_000_000)
        let before = modificationTime(path)
        let file = DockerConfigFile(path: path)
        let attempts: [() throws -> Bool] = [
            { try file.storeInFile(host: "h", username: "u", secret: "p") },
            { try file.eraseFromFile(host: "a") },
            { try file.storePlaceholder(host: "h") },
        ]
        for attempt in attempts {
            do {
                _ = try attempt()
                Issue.record("wrote a malformed file")
            } catch {
                guard let error = error as? CredentialFileError, case .syntax(let syntax) = error else {
                    Issue.record("unexpected error \(error)")
                    continue
                }
                #expect(syntax.path == path)
                #expect(syntax.line == 4)
                #expect(syntax.column == 2)
                #expect(error.description.hasPrefix("\(path):4:2: not valid JSON: expected a quoted key after ',', found '}'"))
                #expect(error.description.contains("nothing was written"))
            }
        }
        #expect(dir.read("config.json") == text)
        #expect(modificationTime(path) == before)
        #expect(fileMode(path) == 0o644)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["config.json"], "no lock or temporary file left beside it")
    }

    @Test func newFilesAre0600InA0700Directory() throws {
        let dir = TemporaryDirectory()
        let location = DockerConfigLocation(environment: dir.environment)
        #expect(location.path == dir.path + "/.docker/config.json")
        try DockerConfigFile(location: location).storeInFile(host: "h", username: "u", secret: "p")
        #expect(fileMode(location.path) == 0o600)
        #expect(fileMode(location.directory) == 0o700)
    }

    @Test func anExistingModeIsKept() throws {
        let dir = TemporaryDirectory()
        let path = dir.write("{}", to: "config.json", mode: 0o644)
        try DockerConfigFile(path: path).storeInFile(host: "h", username: "u", secret: "p")
        #expect(fileMode(path) == 0o644)
    }

    @Test func aSymlinkedConfigStaysASymlink() throws {
        let dir = TemporaryDirectory()
        let target = dir.write(#"{"auths": {}}"#, to: "dotfiles/docker-config.json", mode: 0o640)
        try FileManager.default.createDirectory(atPath: dir.path + "/.docker", withIntermediateDirectories: true)
        let link = dir.path + "/.docker/config.json"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "../dotfiles/docker-config.json")

        try DockerConfigFile(path: link).storeInFile(host: "h", username: "u", secret: "p")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "../dotfiles/docker-config.json")
        #expect(dir.read("dotfiles/docker-config.json").contains(base64("u:p")))
        #expect(fileMode(target) == 0o640)
        // No temporary files are left next to either.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path + "/.docker") == ["config.json"])
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir.path + "/dotfiles").sorted() == [
                "docker-config.json",
            ])
    }

    @Test(arguments: [
        (nil as String?, ["DOCKER_CONFIG": "/env/docker"], "/env/docker/config.json"),
        ("/flag/dir", ["DOCKER_CONFIG": "/env/docker"], "/flag/dir/config.json"),
        (nil, [:], "/home/u/.docker/config.json"),
        (nil, ["DOCKER_CONFIG": ""], "/home/u/.docker/config.json"),
    ])
    func dockerConfigLocation(flag: String?, variables: [String: String], path: String) {
        let environment = ProcessEnvironment(variables: variables, homeDirectory: "/home/u")
        #expect(DockerConfigLocation(configFlag: flag, environment: environment).path == path)
    }
}
