import Foundation
import HarborCore

/// Talks to a docker credential helper, `docker-credential-<helper>` on PATH, with the
/// docker-credential-helpers protocol (docker/docker-credential-helpers client/client.go,
/// credentials/credentials.go, as vendored in docker/cli v28.2.2):
///
/// | action | stdin | stdout |
/// |---|---|---|
/// | `store` | `{"ServerURL","Username","Secret"}` JSON | ignored |
/// | `get` | the server URL, no newline | the same JSON |
/// | `erase` | the server URL, no newline | — |
/// | `list` | `unused` | `{"<url>":"<user>",…}` |
///
/// A helper that prints exactly `credentials not found in native keychain` (after trimming
/// whitespace) has no credentials for the URL: `get` returns nil and `erase` succeeds.
/// Secrets only ever go to the helper's stdin, never on argv, and never into an error.
public struct CredentialHelperClient: Sendable {
    /// Where a helper was configured, for the hint in errors.
    public struct Origin: Sendable, Equatable {
        /// `"credsStore"` or `credHelpers["host"]`.
        public let key: String
        public let path: String
        public init(key: String, path: String) {
            self.key = key
            self.path = path
        }
    }

    public static let notFoundMessage = "credentials not found in native keychain"
    /// What docker-credential-helpers prints with Username to mark an identity token.
    public static let identityTokenUsername = "<token>"

    public let helper: String
    public let environment: ProcessEnvironment
    public let timeout: Duration
    public let origin: Origin?

    public init(helper: String, environment: ProcessEnvironment, origin: Origin? = nil, timeout: Duration = .seconds(30)) {
        self.helper = helper
        self.environment = environment
        self.origin = origin
        self.timeout = timeout
    }

    public var executableName: String { "docker-credential-\(helper)" }

    /// Variables that hold a pipeline's secrets (`PipelineCredentials`, `DOCKER_AUTH_CONFIG`).
    /// A helper gets its secret on stdin or keeps its own; none of these is its business, and a
    /// helper's environment is readable by whatever it starts (pass runs gpg, gpg its agent).
    /// Only our own helper (`harbor`) answers from them.
    public static let secretVariables: Set<String> = ["HARBOR_CLI_SECRET", "HARBOR_PASSWORD", DockerAuthConfigVariable.name]

    /// The environment the helper runs with: ours without `secretVariables` (except for `harbor`).
    var helperEnvironment: [String: String] {
        helper == "harbor" ? environment.variables : environment.variables.filter { !Self.secretVariables.contains($0.key) }
    }

    /// The helper's path, or nil when it is not on PATH.
    public var executablePath: String? {
        isValidName ? ExecutableSearch.find(executableName, in: environment) : nil
    }

    public func store(serverURL: String, username: String, secret: String) throws(CredentialHelperError) {
        let payload = HelperPayload(ServerURL: serverURL, Username: username, Secret: secret)
        let input: Data
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            input = try encoder.encode(payload) + Data("\n".utf8)
        } catch {
            throw failure("store", .invalidOutput("cannot encode the request"))
        }
        let outcome = try run("store", input: input, secret: secret)
        if case .failure(let error) = outcome { throw error }
    }

    /// The credential the helper holds for `serverURL`, or nil when it has none.
    public func get(serverURL: String) throws(CredentialHelperError) -> StoredCredential? {
        let stdout: Data
        switch try run("get", input: Data(serverURL.utf8), secret: nil) {
        case .success(let output): stdout = output
        case .notFound: return nil
        case .failure(let error): throw error
        }
        let payload: HelperPayload
        do {
            payload = try JSONDecoder().decode(HelperPayload.self, from: stdout)
        } catch {
            // The output may hold the secret: describe it without quoting it.
            throw failure("get", .invalidOutput("expected a JSON object with ServerURL, Username and Secret (\(stdout.count) bytes received)"))
        }
        // docker-credential-pass 0.6.4 (Debian 12) answers a miss with exit 0 and empty fields;
        // docker reads that as no credentials too.
        if payload.Username.isEmpty && payload.Secret.isEmpty { return nil }
        let isToken = payload.Username == Self.identityTokenUsername
        return StoredCredential(
            username: isToken ? "" : payload.Username,
            secret: payload.Secret,
            isIdentityToken: isToken,
            location: .helper(helper)
        )
    }

    /// Removes the credential for `serverURL`; a helper that has none is fine.
    public func erase(serverURL: String) throws(CredentialHelperError) {
        guard case .failure(let error) = try run("erase", input: Data(serverURL.utf8), secret: nil) else { return }
        // Some helpers (docker-credential-pass 0.6.4: "… is not in the password store.") fail a
        // miss with their own text. If the helper does not list the URL, there was nothing to erase.
        if let listed = try? list(), listed[serverURL] == nil { return }
        throw error
    }

    /// Server URL → username for everything the helper holds.
    public func list() throws(CredentialHelperError) -> [String: String] {
        switch try run("list", input: Data("unused".utf8), secret: nil) {
        case .notFound: return [:]
        case .failure(let error): throw error
        case .success(let stdout):
            let text = String(decoding: stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { return [:] }
            do {
                return try JSONDecoder().decode([String: String].self, from: Data(text.utf8))
            } catch {
                throw failure("list", .invalidOutput("expected a JSON object of server URL to username"))
            }
        }
    }

    // MARK: -

    private struct HelperPayload: Codable {
        // The protocol's field names.
        var ServerURL: String
        var Username: String
        var Secret: String
    }

    private enum RunResult {
        case success(Data)
        case notFound
        case failure(CredentialHelperError)
    }

    private var isValidName: Bool { !helper.isEmpty && !helper.contains("/") }

    private func failure(_ action: String, _ reason: CredentialHelperError.Reason) -> CredentialHelperError {
        CredentialHelperError(helper: helper, action: action, reason: reason, configuredBy: origin)
    }

    private func run(_ action: String, input: Data, secret: String?) throws(CredentialHelperError) -> RunResult {
        guard isValidName else { throw failure(action, .invalidName) }
        guard let executable = executablePath else { throw failure(action, .notFoundOnPath) }
        let outcome: HelperProcess.Outcome
        do {
            outcome = try HelperProcess.run(
                executable: executable, arguments: [action], environment: helperEnvironment, input: input, timeout: timeout)
        } catch {
            guard case .failed(let reason) = error else { throw failure(action, .launchFailed("unknown")) }
            throw failure(action, .launchFailed(reason))
        }
        let stdout = String(decoding: outcome.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        switch outcome.termination {
        case .timedOut:
            return .failure(failure(action, .timedOut(seconds: timeout.timeInterval)))
        case .signalled(let signal):
            return .failure(failure(action, .killedBySignal(signal)))
        case .exited(0):
            return .success(outcome.stdout)
        case .exited(let status):
            if stdout == Self.notFoundMessage, action == "get" || action == "erase" || action == "list" { return .notFound }
            let stderr = String(decoding: outcome.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            var message = stdout.isEmpty ? stderr : stdout
            if let secret, !secret.isEmpty { message = message.replacingOccurrences(of: secret, with: "<redacted>") }
            return .failure(failure(action, .failed(exitStatus: status, message: message)))
        }
    }
}
