import AsyncHTTPClient
import Foundation
import HarborCore
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How to run a sandbox.
public struct SandboxConfiguration: Sendable {
    public var fixture: Fixture
    /// 0 picks a free port.
    public var port: Int
    /// Written (atomically, as JSON ``SandboxInfo``) once the sandbox answers requests.
    public var readyFile: URL?
    public var tls: Bool
    /// Where the TLS CA certificate goes (default: `ca.crt` in the data directory).
    public var caOutput: URL?
    /// Kept after exit when given; otherwise a temporary directory removed on exit.
    public var dataDirectory: URL?
    public var registryBinary: String
    /// Stop when standard input reaches end of file (a test runner that dies closes the pipe).
    public var stopOnStdinEOF: Bool
    /// With TLS: more host names the server certificate is valid for (a name only a proxy resolves).
    public var tlsNames: [String] = []
    /// Redirects and token realms that point at another server (`CrossHostSwitches`).
    public var crossHost: CrossHostSwitches?

    public init(
        fixture: Fixture, port: Int = 0, readyFile: URL? = nil, tls: Bool = false, caOutput: URL? = nil,
        dataDirectory: URL? = nil, registryBinary: String? = nil, stopOnStdinEOF: Bool = false
    ) {
        self.fixture = fixture
        self.port = port
        self.readyFile = readyFile
        self.tls = tls
        self.caOutput = caOutput
        self.dataDirectory = dataDirectory
        self.registryBinary =
            registryBinary ?? ProcessInfo.processInfo.environment["HARBOR_SANDBOX_REGISTRY"] ?? RegistryProcess.defaultBinary
        self.stopOnStdinEOF = stopOnStdinEOF
    }
}

/// What a running sandbox tells the world (printed and written to the ready file).
public struct SandboxInfo: Codable, Sendable {
    /// `http://127.0.0.1:PORT` (or https)
    public var baseURL: String
    /// `127.0.0.1:PORT`
    public var host: String
    public var caFile: String?
    public var registryURL: String
    /// Plain-HTTP base for the `/__sandbox/` admin endpoints (equal to `baseURL` without TLS), so test
    /// harnesses need no CA handling of their own.
    public var adminURL: String
    public var dataDirectory: String
    public var pid: Int32
    public var startupMilliseconds: Int
}

/// Runs the sandbox until SIGINT/SIGTERM (or stdin EOF when asked), then stops the registry and cleans up.
public enum SandboxServer {
    public static func run(_ configuration: SandboxConfiguration, onReady: @escaping @Sendable (SandboxInfo) -> Void) async throws {
        let started = Date()
        try configuration.fixture.validate()
        try configuration.crossHost?.validate()
        let temporary = configuration.dataDirectory == nil
        let dataDirectory = try configuration.dataDirectory ?? makeTemporaryDirectory()
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        defer { if temporary { try? FileManager.default.removeItem(at: dataDirectory) } }

        let port = configuration.port == 0 ? try LoopbackPort.reserve() : configuration.port
        let scheme = configuration.tls ? "https" : "http"
        let host = "127.0.0.1:\(port)"
        let baseURL = "\(scheme)://\(host)"

        let signingKey = try TokenSigningKey.generate()
        var caFile: URL?
        var tlsConfiguration: TLSConfiguration?
        if configuration.tls {
            let identity = try TLSIdentity.generate(extraNames: configuration.tlsNames)
            let file = configuration.caOutput ?? dataDirectory.appendingPathComponent("ca.crt")
            try Data(identity.caCertificatePEM.utf8).write(to: file)
            caFile = file
            tlsConfiguration = TLSConfiguration.makeServerConfiguration(
                certificateChain: [.certificate(try NIOSSLCertificate(bytes: Array(identity.serverCertificatePEM.utf8), format: .pem))],
                privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(identity.serverKeyPEM.utf8), format: .pem)))
        }

        let registry = try await RegistryProcess.start(
            binary: configuration.registryBinary, dataDirectory: dataDirectory, realm: "\(baseURL)/service/token",
            certificatePEM: signingKey.certificatePEM)
        defer { registry.stop() }

        var clientConfiguration = HTTPClient.Configuration(redirectConfiguration: .disallow, decompression: .disabled)
        clientConfiguration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 16
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)

        do {
            let state = SandboxState(fixture: configuration.fixture, startTime: started)
            let authenticator = Authenticator(state: state, signer: signingKey.signer)
            let issuer = TokenIssuer(
                signer: signingKey.signer, state: state, authenticator: authenticator,
                expirationMinutes: configuration.fixture.tokenExpirationMinutes)
            let client = RegistryClient(http: http, baseURL: registry.baseURL, issuer: issuer)
            let inventory = ArtifactInventory(client: client, state: state)
            let stopping = StopFlag()
            let quirks = DiagnosticQuirkSwitch()
            let responder = SandboxResponder(
                state: state, authenticator: authenticator, tokenIssuer: issuer,
                proxy: RegistryProxy(
                    http: http, registryBaseURL: registry.baseURL, externalBaseURL: baseURL, issuer: issuer, state: state,
                    crossHost: configuration.crossHost),
                api: HarborRESTRoutes(
                    state: state, inventory: inventory, externalBaseURL: baseURL,
                    harborVersion: configuration.fixture.harborVersion, hasCARoot: configuration.tls),
                admin: AdminAPI(state: state, client: client, quirks: quirks), gate: RegistryPolicyGate(state: state, client: client),
                stopping: stopping, crossHost: configuration.crossHost)

            // Seed before listening, so nothing sees a half-filled registry.
            let seeder = Seeder(client: client, state: state)
            for project in configuration.fixture.projects {
                for repository in project.repositories { try await seeder.seed(project: project.name, repository: repository) }
            }

            var logger = Logger(label: "harbor-sandbox")
            logger.logLevel = ProcessInfo.processInfo.environment["HARBOR_SANDBOX_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .error
            let http1 = HTTPServerBuilder.http1(configuration: .init(additionalChannelHandlers: [DateShiftHandler(quirks: quirks)]))
            let server: HTTPServerBuilder = try tlsConfiguration.map { try .tls(http1, tlsConfiguration: $0) } ?? http1
            let adminPort = configuration.tls ? try LoopbackPort.reserve() : port
            let info = SandboxInfo(
                baseURL: baseURL, host: host, caFile: caFile?.path, registryURL: registry.baseURL,
                adminURL: "http://127.0.0.1:\(adminPort)", dataDirectory: dataDirectory.path, pid: getpid(), startupMilliseconds: 0)
            let readyFile = configuration.readyFile
            let app = Application(
                responder: responder, server: server,
                configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: nil),
                onServerRunning: { _ in
                    var ready = info
                    ready.startupMilliseconds = Int(Date().timeIntervalSince(started) * 1000)
                    if let readyFile { try? writeAtomically(ready, to: readyFile) }
                    onReady(ready)
                },
                logger: logger)

            let signals = SignalWatcher(stopping: stopping, registry: registry)
            if configuration.stopOnStdinEOF { signals.stopWhenStdinCloses() }
            if configuration.tls {
                let adminApp = Application(
                    responder: AdminOnlyResponder(admin: AdminAPI(state: state, client: client, quirks: quirks)),
                    configuration: .init(address: .hostname("127.0.0.1", port: adminPort), serverName: nil), logger: logger)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await adminApp.runService() }
                    group.addTask { try await app.runService() }  // SIGTERM and SIGINT stop both gracefully
                    try await group.waitForAll()
                }
            } else {
                try await app.runService()  // SIGTERM and SIGINT stop it gracefully
            }
            stopping.set()
            if let readyFile { try? FileManager.default.removeItem(at: readyFile) }
        } catch {
            try? await http.shutdown()
            throw error
        }
        try? await http.shutdown()
    }

    static func makeTemporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("harbor-sandbox-\(randomAlphanumeric(10))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return url
    }
}

func writeAtomically(_ value: some Encodable, to url: URL) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    try encoder.encode(value).write(to: url, options: .atomic)
}

/// Releases stalled requests as soon as a stop signal arrives, forces an exit if a graceful stop hangs,
/// and turns stdin EOF into SIGTERM when asked.
final class SignalWatcher {
    private let sources: [any DispatchSourceSignal]

    init(stopping: StopFlag, registry: RegistryProcess) {
        sources = [SIGTERM, SIGINT].map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                stopping.set()
                DispatchQueue.global().asyncAfter(deadline: .now() + 8) {
                    // The graceful stop did not finish: stop the child ourselves and leave.
                    registry.stop()
                    exit(1)
                }
            }
            source.resume()
            return source
        }
    }

    func stopWhenStdinCloses() {
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 256)
            while read(STDIN_FILENO, &buffer, buffer.count) > 0 {}
            kill(getpid(), SIGTERM)
        }
        thread.name = "stdin-watch"
        thread.start()
    }
}
