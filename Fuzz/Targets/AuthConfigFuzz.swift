// libFuzzer harness for the DOCKER_AUTH_CONFIG parser (HarborCredentials:
// DockerAuthConfigVariable.swift, over JSONParser.swift). Fuzz/run.sh compiles those sources with
// this file as one module, linked against a sanitized HarborCore.
//
// The variable is read as docker >= 28.3 reads it (docker/cli cli/config/configfile/file.go,
// parseEnvConfig, v29.7). Properties, for any value of the variable:
// - reading it never crashes; either entries or a problem, never both;
// - the problem never holds a secret: neither the secret nor the `auth` text (base64 of
//   user:secret) of any seeded credential, nor a base64 run of 12 or more characters taken from
//   such an `auth`. To make that checkable, the input may write `@A` for the base64 of
//   `alice:S3cr3t-Squirrel-42`, and `@S` for the bare secret: the fuzzer moves these anywhere,
//   including into keys and broken JSON. Host keys are exempt: they name the entry in the
//   problem (`auths["HOST"] …`), as they are written.

import Foundation
import HarborCore

let secret = "S3cr3t-Squirrel-42"
let auth = Data("alice:\(secret)".utf8).base64EncodedString()

/// Text that must never appear in a problem.
let forbidden: [String] = {
    var pieces = [secret, auth]
    // Any 12-character window of the base64 text: a truncated copy leaks most of the secret.
    let characters = Array(auth)
    for start in stride(from: 0, through: characters.count - 12, by: 4) {
        pieces.append(String(characters[start..<(start + 12)]))
    }
    return pieces
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let raw = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let text = raw.replacingOccurrences(of: "@A", with: auth).replacingOccurrences(of: "@S", with: secret)
    let variable = DockerAuthConfigVariable(environment: ProcessEnvironment(variables: [DockerAuthConfigVariable.name: text]))
    if let problem = variable.problem {
        require(variable.entries.isEmpty, "entries and a problem at once for \(text.debugDescription)")
        // Host keys name the entry and are shown as written (`auths["HOST"]`); a secret typed
        // as a host key is the one place one may appear, so those are cut out before the check.
        let shown = problem.replacingOccurrences(of: #"auths\["(?:[^"\\]|\\.)*"\]"#, with: "auths[…]", options: .regularExpression)
        for piece in forbidden where shown.contains(piece) {
            fatalError("the problem shows a secret (\(piece.debugDescription)): \(problem.debugDescription)\n  value: \(text.debugDescription)")
        }
    }
    for (key, entry) in variable.entries {
        require(variable.entry(for: key) != nil)
        require(!entry.username.isEmpty, "an entry without a user name for \(text.debugDescription)")
        require(!entry.secret.hasSuffix("\u{0}"), "trailing NUL kept")
    }
    return 0
}

/// `precondition` that keeps its message in an -O build (the fuzzers are built with -O).
func require(_ condition: Bool, _ message: @autoclosure () -> String = "", file: StaticString = #file, line: UInt = #line) {
    if !condition { fatalError(message(), file: file, line: line) }
}
