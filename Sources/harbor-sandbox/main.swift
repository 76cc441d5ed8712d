import ArgumentParser
import Foundation
import HarborCore
import HarborCredentials
import HarborSandbox

/// `harbor-sandbox`: a local stand-in for Harbor 2.7 in OIDC mode, fronting the Debian `docker-registry`.
struct HarborSandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "harbor-sandbox",
        abstract: "Run a local stand-in for a Harbor 2.7 registry in OIDC mode (for tests and trying the plugins).",
        discussion: """
            Prints its base URL on the first line of standard output once it answers requests, then runs until \
            interrupted. Needs the CNCF registry: apt-get install docker-registry.
            """)

    @Option(help: "Fixture JSON with users, robots, projects, content and faults.")
    var fixture: String?

    @Flag(help: "Seed a demo user, project and chart, and print how to try the plugins.")
    var demo = false

    @Option(help: "Port on 127.0.0.1 (0 picks a free one).")
    var port = 0

    @Option(help: "Write connection details (JSON) to this file once ready.")
    var readyFile: String?

    @Flag(help: "Serve HTTPS with a throw-away CA.")
    var tls = false

    @Option(help: "With --tls: write the CA certificate here.")
    var caOut: String?

    @Option(help: "With --tls: another host name for the server certificate (repeatable).")
    var tlsName: [String] = []

    @Option(help: "Keep registry data and keys here (default: a temporary directory removed on exit).")
    var dataDir: String?

    @Option(help: "The distribution registry binary (default: $HARBOR_SANDBOX_REGISTRY or /usr/bin/docker-registry).")
    var registryBinary: String?

    @Flag(help: "Stop when standard input closes (used by test harnesses).")
    var stopOnStdinEof = false

    @Option(help: "Another server's base URL (http://HOST:PORT) for --redirect-elsewhere and --token-realm-elsewhere.")
    var elsewhere: String?

    @Option(help: "Answer requests under this path with a 307 to the same URL at --elsewhere (repeatable).")
    var redirectElsewhere: [String] = []

    @Flag(help: "Bearer challenges name --elsewhere's /service/token as the token realm.")
    var tokenRealmElsewhere = false

    @Option(help: "The Harbor to play: 2.7 (default) or a later 2.x such as 2.15, where what a client sees changed (overrides the fixture's harborVersion).")
    var harborVersion: String?

    func validate() throws {
        if fixture != nil && demo { throw ValidationError("use either --fixture or --demo, not both") }
        if caOut != nil && !tls { throw ValidationError("--ca-out needs --tls") }
        if !tlsName.isEmpty && !tls { throw ValidationError("--tls-name needs --tls") }
        if !(0...65535).contains(port) { throw ValidationError("--port must be 0…65535") }
        if let harborVersion, PlayedHarborVersion.minor(of: harborVersion) == nil {
            throw ValidationError("--harbor-version '\(harborVersion)' is not a Harbor 2.x version such as 2.7 or 2.15")
        }
        if elsewhere == nil && (!redirectElsewhere.isEmpty || tokenRealmElsewhere) {
            throw ValidationError("--redirect-elsewhere and --token-realm-elsewhere need --elsewhere URL")
        }
    }

    func run() async throws {
        var fixtureValue: Fixture
        let demoSecret: String?
        if demo {
            let demoFixture = DemoFixture.make()
            (fixtureValue, demoSecret) = (demoFixture.fixture, demoFixture.secret)
        } else {
            fixtureValue = try fixture.map { try Fixture.load(from: URL(fileURLWithPath: $0)) } ?? Fixture()
            demoSecret = nil
        }
        if let harborVersion { fixtureValue.harborVersion = PlayedHarborVersion.name(harborVersion) }
        var configuration = SandboxConfiguration(
            fixture: fixtureValue, port: port, readyFile: readyFile.map { URL(fileURLWithPath: $0) }, tls: tls,
            caOutput: caOut.map { URL(fileURLWithPath: $0) }, dataDirectory: dataDir.map { URL(fileURLWithPath: $0, isDirectory: true) },
            registryBinary: registryBinary, stopOnStdinEOF: stopOnStdinEof)
        configuration.tlsNames = tlsName
        let harborVersionName = fixtureValue.harborVersion
        configuration.crossHost = elsewhere.map {
            CrossHostSwitches(elsewhere: $0, redirectPrefixes: redirectElsewhere, foreignRealm: tokenRealmElsewhere)
        }
        do {
            try await SandboxServer.run(configuration) { info in
                var text = info.baseURL + "\n"
                if let demoSecret {
                    text += DemoFixture.instructions(
                        info: info, secret: demoSecret, storeProblem: Self.defaultStoreProblem(host: info.host), harborVersion: harborVersionName)
                }
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        } catch let error as SandboxError {
            FileHandle.standardError.write(Data("harbor-sandbox: \(error.description)\n".utf8))
            throw ExitCode(2)
        } catch let error as FixtureError {
            FileHandle.standardError.write(Data("harbor-sandbox: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
    }
}

extension HarborSandboxCommand {
    /// Why `docker harbor login` would refuse docker's default credential store on this machine
    /// (the check login itself makes, `CredentialStore.plannedDestination`): e.g. `pass` installed
    /// but never initialised, where docker itself fails the same way. Nil when the login works as is.
    static func defaultStoreProblem(host: String) -> String? {
        let environment = ProcessEnvironment.current
        let store = CredentialStore(file: DockerConfigFile(location: DockerConfigLocation(environment: environment)), environment: environment)
        do {
            _ = try store.plannedDestination(for: host, platformDefault: .adopt)
            return nil
        } catch {
            guard case .platformDefaultUnusable(let helper, let problem, _) = error else { return nil }
            return "docker's default credential store (docker-credential-\(helper)) cannot work here: \(problem.what)"
        }
    }
}

// main.swift cannot carry @main; this is what AsyncParsableCommand's @main entry point does.
do {
    let command = try HarborSandboxCommand.parse()
    try await command.run()
} catch {
    HarborSandboxCommand.exit(withError: error)
}
