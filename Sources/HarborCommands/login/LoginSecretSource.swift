import HarborCore
import HarborCredentials

/// Where `login` takes the username and secret from, in order (issue #4):
/// `--password-stdin` (or `-p -`, as docker ≥ 29.6); `-p` (with docker's warning);
/// `HARBOR_USERNAME` with `HARBOR_PASSWORD` or `HARBOR_CLI_SECRET` (`PipelineCredentials`: login
/// names its host itself, so the variables go to the host it names); a prompt when stdin is a
/// terminal. A pipeline without any of these fails at once instead of waiting for input that
/// never comes. Like docker/cli `cli/command/registry/login.go` (v29.7) an empty `-u` or `-p`
/// is a usage error before anything is read or sent.
package struct LoginSecretSource {
    struct Answer {
        let username: String
        let secret: String
        let origin: String
    }

    let context: CommandContext
    let usernameFlag: String?
    let passwordFlag: String?
    let passwordStdin: Bool
    /// The username stored for the host, offered as the default at the prompt. Asked for only
    /// when no username was given: it may run a credential helper (and gpg behind it).
    let storedUsername: () -> String?

    func resolve(host: String) throws -> Answer {
        let environment = context.environment
        let pipeline = PipelineCredentials(environment)
        let environmentUser = pipeline.username
        let environmentSecret = pipeline.secret
        let secretVariable = pipeline.secretVariable

        if let usernameFlag, usernameFlag.allSatisfy(\.isWhitespace) {
            // Checked before anything is read or sent, as docker/cli `verifyLoginFlags` does: Harbor would only answer 401.
            throw CommandFailure(
                "the username given with -u/--username is empty",
                hint: "give your Harbor username (User Profile in the Harbor UI), or the robot account's full name in single quotes: -u 'robot$pkey+ci'",
                exitCode: .usage)
        }
        let passwordStdin = passwordStdin || passwordFlag == "-"
        let passwordFlag = passwordFlag == "-" ? nil : passwordFlag
        if passwordStdin && passwordFlag != nil {
            throw CommandFailure("--password and --password-stdin are mutually exclusive", exitCode: .usage)
        }
        if passwordStdin {
            guard let username = usernameFlag ?? environmentUser ?? storedUsername() else {
                throw CommandFailure("--password-stdin needs a username", hint: "add -u USERNAME (your Harbor username, or the robot account's full name)", exitCode: .usage)
            }
            let text = Self.secret(fromStdin: [UInt8](context.input.readAll()))
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw CommandFailure("the secret read from stdin is empty", hint: "pipe the CLI secret in: printf '%s' \"$SECRET\" | \(context.flavor.commandPath) login \(host) -u \(username) --password-stdin", exitCode: .usage)
            }
            return Answer(username: username, secret: text, origin: "stdin")
        }
        if let passwordFlag {
            context.output.printError("WARNING! Using --password via the CLI is insecure. Use --password-stdin.")
            guard let username = usernameFlag ?? environmentUser ?? storedUsername() else {
                throw CommandFailure("--password needs a username", hint: "add -u USERNAME", exitCode: .usage)
            }
            guard !passwordFlag.isEmpty else { throw CommandFailure("the password given with --password is empty", exitCode: .usage) }
            return Answer(username: username, secret: passwordFlag, origin: "--password")
        }
        if let environmentSecret {
            guard let username = usernameFlag ?? environmentUser else {
                throw CommandFailure("\(secretVariable) is set but no username is given", hint: "set HARBOR_USERNAME or add -u USERNAME", exitCode: .usage)
            }
            return Answer(username: username, secret: environmentSecret, origin: secretVariable)
        }
        guard context.input.isInteractive else {
            throw CommandFailure(
                "no secret given, and stdin is not a terminal to ask for one",
                hint: "pipe it in with --password-stdin (with -u USERNAME), or set HARBOR_USERNAME and HARBOR_CLI_SECRET",
                exitCode: .usage)
        }
        var username = usernameFlag ?? environmentUser
        if username == nil {
            let stored = storedUsername()
            let offer = stored.map { " (\($0))" } ?? ""
            let typed = context.input.readLine("Username\(offer): ")?.trimmingCharacters(in: .whitespaces) ?? ""
            username = typed.isEmpty ? stored : typed
        }
        guard let username, !username.isEmpty else { throw CommandFailure("no username given", exitCode: .usage) }
        context.output.printError("Harbor CLI secret for \(username)@\(host) (Harbor UI → User Profile → CLI secret; the portal password does not work here)")
        guard let secret = context.input.readSecret("CLI secret: "), !secret.isEmpty else {
            throw CommandFailure("no secret given", exitCode: .usage)
        }
        return Answer(username: username, secret: secret, origin: "prompt")
    }
}

import Foundation

extension LoginSecretSource {
    /// The secret piped to `--password-stdin`, as docker ≥ 29.3 reads it (docker/cli
    /// `readSecretFromStdin`, commit e2cafd65): exactly one trailing end of line (`\r\n`, `\n` or
    /// `\r`) is dropped, every other byte, whitespace included, is part of the secret.
    package static func secret(fromStdin bytes: [UInt8]) -> String {
        var bytes = bytes
        if bytes.suffix(2) == [0x0D, 0x0A] {
            bytes.removeLast(2)
        } else if bytes.last == 0x0A || bytes.last == 0x0D {
            bytes.removeLast()
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
