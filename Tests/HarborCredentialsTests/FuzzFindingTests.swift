import Foundation
import HarborCore
import Testing

import HarborCredentials

/// Findings of the `authconfig` fuzzer (Fuzz/Targets/AuthConfigFuzz.swift): a malformed
/// DOCKER_AUTH_CONFIG can put the base64 credential where a key belongs, and the problem that
/// says why the variable is ignored must not show it.
struct FuzzFindingTests {
    static let auth = Data("alice:S3cr3t-Squirrel-42".utf8).base64EncodedString()

    static func problem(_ text: String) -> String? {
        DockerAuthConfigVariable(environment: ProcessEnvironment(variables: ["DOCKER_AUTH_CONFIG": text], homeDirectory: "/")).problem
    }

    @Test("a credential without its \"auth\": key is not quoted by the JSON error")
    func missingAuthKey() throws {
        // Found by the fuzzer: `expected ':' after the key "<base64>"`.
        let problem = try #require(Self.problem("{\"auths\": {\"h\": {\"\(Self.auth)\"}}}"))
        #expect(!problem.contains(Self.auth), "\(problem)")
        #expect(problem.contains("expected ':' after an object key"), "\(problem)")
    }

    @Test("an unknown key is named only when it is one of docker's field names", arguments: [
        ("{\"auths\": {\"h\": {\"AUTH_B64\": \"\"}}}", false),
        ("{\"auths\": {\"h\": {\"email\": \"x\"}}}", true),
        ("{\"AUTH_B64\": {}}", false),
        ("{\"credsStore\": \"pass\"}", true),
    ])
    func unknownKeys(template: String, named: Bool) throws {
        let text = template.replacingOccurrences(of: "AUTH_B64", with: Self.auth)
        let problem = try #require(Self.problem(text))
        #expect(!problem.contains(Self.auth), "\(problem)")
        #expect(problem.contains(named ? "unknown key \"" : "an unknown key (not shown"), "\(problem)")
    }

    @Test("config.json syntax errors do not quote the key before a missing ':'")
    func syntaxErrorDoesNotQuoteKeys() {
        let error = #expect(throws: JSONSyntaxError.self) {
            try JSONDocument(bytes: Array("{\"auths\": {\"h\": {\"\(Self.auth)\" }}}".utf8), path: "config.json")
        }
        #expect(error?.problem.contains(Self.auth) == false)
        #expect(error?.problem == "expected ':' after an object key, found '}'")
    }
}
