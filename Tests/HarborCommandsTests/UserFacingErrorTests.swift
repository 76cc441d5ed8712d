import HarborCommandsTestSupport
import Foundation
import HarborCommands
import HarborCore
import HarborRegistry
import Testing

/// What users read when something fails: plain words about what is wrong and where, the same
/// layout for every layer's errors, and the status `HarborCore.ExitStatus` gives it.
struct UserFacingErrorTests {
    let home: String

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("harbor-errors-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    }

    func run(_ flavor: PluginFlavor, _ arguments: [String], stdin: String = "") async -> (status: Int32, stderr: String) {
        let captured = CapturedOutput()
        let environment = ProcessEnvironment(
            variables: ["HOME": home, "HARBOR_CONFIG_DIR": home + "/harbor", "DOCKER_CONFIG": home + "/.docker", "HARBOR_STORE": "file",
                        "HELM_REGISTRY_CONFIG": home + "/helm/config.json"],
            homeDirectory: home)
        let data = Data(stdin.utf8)
        let input = InputSource(isInteractive: false, readAll: { data }, readLine: { _ in nil }, readSecret: { _ in nil })
        let status = switch flavor {
        case .docker: await DockerPluginMain.run(arguments: ["harbor"] + arguments, environment: environment, output: captured.output, input: input, network: .unconfigured)
        case .helm: await HelmPluginMain.run(arguments: arguments, environment: environment, output: captured.output, input: input, network: .unconfigured)
        }
        return (status, captured.stderr)
    }

    @Test(arguments: [["projects", "--instance", "harbor.example.com"], ["login", "harbor.example.com", "-u", "alice", "--password-stdin"]])
    func aConfigFileThatIsADirectorySaysSo(arguments: [String]) async throws {
        try FileManager.default.createDirectory(atPath: home + "/.docker/config.json", withIntermediateDirectories: true)
        let result = await run(.docker, arguments, stdin: "secret")
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("\(home)/.docker/config.json: it is a directory, not a file"), "\(result.stderr)")
        #expect(result.stderr.contains("  move the directory \(home)/.docker/config.json away"), "what to do: \(result.stderr)")
        #expect(!result.stderr.contains("NSCocoaErrorDomain") && !result.stderr.contains("could not be completed"), "\(result.stderr)")
    }

    @Test func aSettingsFileThatIsADirectorySaysSo() async throws {
        try FileManager.default.createDirectory(atPath: home + "/harbor/settings.json", withIntermediateDirectories: true)
        let result = await run(.docker, ["use", "acme"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("Error: cannot read settings file \(home)/harbor/settings.json: it is a directory, not a file\n  move the directory"), "\(result.stderr)")
        #expect(!result.stderr.contains("NSCocoaErrorDomain"), "\(result.stderr)")
    }

    @Test(arguments: [(PluginFlavor.docker, Int32(125)), (PluginFlavor.helm, Int32(1))], ["", " "])
    func anEmptyUsernameIsAUsageMistakeBeforeAnythingIsSent(host: (flavor: PluginFlavor, status: Int32), username: String) async {
        let (flavor, status) = host
        let result = await run(flavor, ["login", "harbor.example.com", "-u", username, "--password-stdin"], stdin: "secret")
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("Error: the username given with -u/--username is empty\n  give your Harbor username"), "\(result.stderr)")
        #expect(!result.stderr.contains("no network configured"), "nothing was sent: \(result.stderr)")
    }

    @Test func theDebugDetailShowsOnlyWithDebug() {
        let cause = ConnectionError(.connectionRefused(host: "h.example.com"), method: "GET", url: "https://h.example.com/v2/?token=abc", cause: "connection reset by peer (errno: 104)")
        let failure = CommandFailure("cannot reach h.example.com", cause)
        #expect(ErrorRenderer.render(failure) == """
            Error: cannot reach h.example.com: cannot connect to h.example.com: connection refused
              \(cause.hint!)
            """)
        #expect(ErrorRenderer.render(failure, debug: true).hasSuffix("\n  debug: GET https://h.example.com/v2/: cannot connect to h.example.com: connection refused (connection reset by peer (errno: 104))"))
        #expect(ErrorRenderer.exitCode(for: failure, flavor: .helm) == 5)
    }

    @Test(arguments: [(PluginFlavor.docker, Int32(125)), (.helm, 1)])
    func theUsageStatusIsTheHostProgramsOwn(flavor: PluginFlavor, status: Int32) {
        #expect(ErrorRenderer.exitCode(for: InstanceError(message: "bad"), flavor: flavor) == status)
        #expect(ErrorRenderer.exitCode(for: CommandFailure("x", exitCode: .usage), flavor: flavor) == status)
        #expect(ErrorRenderer.exitCode(for: CommandFailure("x", exitCode: .notLoggedIn), flavor: flavor) == 12)
    }

    /// Each layer's errors, with the status they exit with and the start of what the user reads.
    static let layers: [(any UserFacingError, HarborCore.ExitStatus, String)] = [
        (TransportError.unknownHost(host: "h"), .unknownHost, "Error: cannot find host h"),
        (ConnectionError(.tlsFailure(host: "h", reason: "x"), method: "GET", url: "https://h/v2/"), .tlsFailure, "Error: TLS handshake with h failed"),
        (TransportError.plainHTTPRefused(host: "h"), .insecureTransport, "Error: refusing to send credentials to h"),
        (AuthenticationError(.missingRealm, method: "GET", url: "https://h/v2/"), .unexpectedAnswer, "Error: GET https://h/v2/: the server asked for a Bearer token"),
        (InstanceError(message: "'_' is not allowed"), .usage, "Error: '_' is not allowed"),
        (ReferenceError(input: "A", kind: .invalidFormat, part: .repository, position: 1, message: "upper case"), .failure, "Error: invalid reference \"A\": upper case\n  A\n  ^"),
        (CommandFailure("x", exitCode: .pushDenied), .pushDenied, "Error: x"),
    ]

    @Test(arguments: layers.indices)
    func everyLayersErrorsRenderTheSameWay(index: Int) {
        let (error, status, start) = Self.layers[index]
        #expect(error.exitStatus == status)
        #expect(ErrorRenderer.render(error).hasPrefix(start), "\(ErrorRenderer.render(error))")
        if let hint = error.hint { #expect(ErrorRenderer.render(error).hasSuffix("\n  \(hint)")) }
    }
}
