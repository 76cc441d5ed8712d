import Foundation
import HarborCore
import HarborCredentials

/// `docker-credential-harbor`: a docker credential helper (docker-credential-helpers protocol,
/// docker/docker-credential-helpers v0.9, credentials/credentials.go and error.go), so that a
/// pipeline never writes a secret to disk. Configure it per host in config.json:
/// `"credHelpers": {"registry-acme.devops.t-systems.net": "harbor"}` (docker and Helm read it).
///
/// - `get` (server URL on stdin): the pipeline's `HARBOR_USERNAME` with `HARBOR_CLI_SECRET` (or
///   `HARBOR_PASSWORD`; a robot account's full name works as the username) for a Harbor host:
///   the configured default instance, or a host whose `credHelpers` entry names `harbor`.
///   Otherwise what `docker harbor login` stored: the `credsStore` helper, else the plain
///   `auths` entry. Never ourselves again.
/// - `store`/`erase`/`list` go to the `credsStore` helper; this helper keeps no secret itself.
///
/// A miss prints `credentials not found in native keychain` on stdout and exits 1, as the
/// stock helpers do; other failures print their message on stdout and exit 1.
public enum CredentialHelperMain {
    /// The suffix in `credHelpers`/`credsStore`: docker runs `docker-credential-harbor`.
    public static let helperName = "harbor"
    public static let executableName = "docker-credential-" + helperName

    static let missingServerURL = "no credentials server URL"
    static let missingUsername = "no credentials username"

    public static func run(arguments: [String], environment: ProcessEnvironment, output: Output = .standard, readInput: () -> Data) -> Int32 {
        guard arguments.count == 1, let action = arguments.first else {
            output.printError("Usage: \(executableName) <store|get|erase|list|version>")
            return 1
        }
        let helper = Helper(environment: environment)
        do {
            switch action {
            case "get":
                let serverURL = try serverURL(from: readInput())
                guard let credential = try helper.get(serverURL: serverURL) else {
                    output.print(CredentialHelperClient.notFoundMessage)
                    return 1
                }
                let username = credential.isIdentityToken ? CredentialHelperClient.identityTokenUsername : credential.username
                output.write(try json(["ServerURL": serverURL, "Username": username, "Secret": credential.secret]))
            case "store":
                let payload = try JSONDecoder().decode(Payload.self, from: readInput())
                guard !payload.ServerURL.isEmpty else { throw HelperFailure(missingServerURL) }
                guard !payload.Username.isEmpty else { throw HelperFailure(missingUsername) }
                try helper.store(payload)
            case "erase":
                try helper.erase(serverURL: serverURL(from: readInput()))
            case "list":
                _ = readInput()
                output.write(try json(helper.list()))
            case "version":
                output.print("\(executableName) (\(HarborVersion.vendor)) \(HarborVersion.current)")
            default:
                output.print("Unknown credential action `\(action)`")
                return 1
            }
            return 0
        } catch let failure as HelperFailure {
            output.print(failure.message)
            return 1
        } catch is DecodingError {
            output.print("the request on stdin is not the JSON object {\"ServerURL\",\"Username\",\"Secret\"}")
            return 1
        } catch {
            output.print("\(error)")
            return 1
        }
    }

    /// The process entry: stdin is the request.
    public static func main(arguments: [String]) -> Int32 {
        run(arguments: arguments, environment: .current) { FileHandle.standardInput.readDataToEndOfFile() }
    }

    struct Payload: Codable {
        var ServerURL: String
        var Username: String
        var Secret: String
    }

    struct HelperFailure: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    static func serverURL(from data: Data) throws -> String {
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw HelperFailure(missingServerURL) }
        return text
    }

    static func json(_ object: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(object), as: UTF8.self) + "\n"
    }

    /// The answers, separated from the process plumbing.
    struct Helper {
        let environment: ProcessEnvironment
        let file: DockerConfigFile

        init(environment: ProcessEnvironment) {
            self.environment = environment
            // Docker does not tell helpers about `--config`: DOCKER_CONFIG or ~/.docker.
            file = DockerConfigFile(location: DockerConfigLocation(environment: environment))
        }

        func get(serverURL: String) throws -> StoredCredential? {
            let key = RegistryHostKey.storageKey(for: serverURL)
            let contents = try file.load()
            if let credential = try environmentCredential(for: key) { return credential }
            if let backing = backingHelper(contents) {
                return try backing.get(serverURL: key)
            }
            return try contents.fileCredential(for: key)
        }

        func store(_ payload: Payload) throws {
            guard let backing = backingHelper(try file.load()) else {
                throw HelperFailure(
                    "\(executableName) keeps no secrets itself and no \"credsStore\" is configured in \(file.path): "
                        + "set \"credsStore\" (e.g. \"pass\") for logins, or give pipelines HARBOR_USERNAME and HARBOR_CLI_SECRET")
            }
            try backing.store(serverURL: RegistryHostKey.storageKey(for: payload.ServerURL), username: payload.Username, secret: payload.Secret)
        }

        func erase(serverURL: String) throws {
            guard let backing = backingHelper(try file.load()) else { return }
            try backing.erase(serverURL: RegistryHostKey.storageKey(for: serverURL))
        }

        func list() throws -> [String: String] {
            let contents = try file.load()
            var result = try backingHelper(contents)?.list() ?? [:]
            let pipeline = PipelineCredentials(environment)
            if let username = pipeline.username, pipeline.secret != nil {
                for host in chain.pipelineHosts() { result[host] = username }
            }
            return result
        }

        /// The credential chain's pipeline step: the variables, for the hosts they belong to
        /// (the default instance, and every host whose `credHelpers` entry names us).
        var chain: CredentialChain {
            let settings = try? EffectiveSettings.load(environment: environment)
            return CredentialChain(environment: environment, dockerConfigDirectory: nil, defaultHost: (try? settings?.defaultInstance())??.host)
        }

        func environmentCredential(for key: String) throws -> StoredCredential? {
            guard let found = try chain.pipelineCredential(for: key) else { return nil }
            return StoredCredential(username: found.username, secret: found.secret, location: .helper(helperName))
        }

        /// The helper `docker harbor login` stores with: `credsStore`, unless that is us.
        func backingHelper(_ contents: DockerConfigContents) -> CredentialHelperClient? {
            guard let name = contents.credsStore, !name.isEmpty, name != helperName else { return nil }
            return CredentialHelperClient(
                helper: name, environment: environment, origin: .init(key: "\"credsStore\"", path: contents.path))
        }
    }
}
