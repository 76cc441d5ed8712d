import Foundation
import HarborCommands
import HarborCommandsTestSupport
import HarborCore
import HarborRegistry
import HarborTestSupport
import Testing

/// login, logout and status run in-process with the argument parser and an injected network:
/// the real transport stack over a bottom layer that records what went out (and can fail on
/// purpose). Only the sandbox runs as a process.
@Suite(.serialized)
struct InProcessSessionTests {
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The real bottom layer, with every request's method and URL noted.
    final class RecordingBottom: HTTPTransport, @unchecked Sendable {
        let inner: AsyncHTTPClientTransport
        private let lock = NSLock()
        private var urls: [String] = []
        init(_ connection: InstanceConnection) throws { inner = try AsyncHTTPClientTransport(settings: ConnectionSettings(commandTimeout: connection.timeout)) }
        var sent: [String] { lock.withLock { urls } }
        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            lock.withLock { urls.append("\(request.method.rawValue) \(request.url)") }
            return try await inner.send(request)
        }
    }

    /// A bottom layer that fails every request the way a network can.
    struct FailingBottom: HTTPTransport {
        let reason: TransportError
        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            throw ConnectionError(reason, method: request.method.rawValue, url: request.url)
        }
    }

    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var bottoms: [RecordingBottom] = []
        func add(_ bottom: RecordingBottom) { lock.withLock { bottoms.append(bottom) } }
        var sent: [String] { lock.withLock { bottoms.flatMap(\.sent) } }

        var network: NetworkAccess {
            NetworkAccess { connection in
                let bottom = try RecordingBottom(connection)
                self.add(bottom)
                return TransportStack(connection: connection, bottom: bottom, close: { await bottom.inner.shutdown() })
            }
        }
    }

    let home: TestHome

    init() throws { home = try TestHome() }

    func docker(_ arguments: [String], stdin: String = "", network: NetworkAccess) async -> Run {
        let captured = CapturedOutput()
        var variables = home.environment
        variables["HARBOR_STORE"] = "file"  // pass has no store in a test HOME (see TestHome.dockerEnvironment)
        variables["DOCKER_CONFIG"] = home.dockerConfig
        let input = InputSource(isInteractive: false, readAll: { Data(stdin.utf8) }, readLine: { _ in nil }, readSecret: { _ in nil })
        let status = await DockerPluginMain.run(
            arguments: ["harbor"] + arguments, environment: ProcessEnvironment(variables: variables, homeDirectory: home.path),
            output: captured.output, input: input, network: network)
        return Run(status: status, stdout: captured.stdout, stderr: captured.stderr)
    }

    @Test func loginStatusLogoutThroughTheInjectedStack() async throws {
        let sandbox = try await SharedLoginSandbox.plain.get()
        let recorder = Recorder()
        let login = await docker(["login", sandbox.host, "-u", "alice", "--password-stdin"], stdin: LoginFixture.aliceSecret, network: recorder.network)
        #expect(login.status == 0, "\(login.stderr)")
        #expect(login.stdout.contains("Logged in to \(sandbox.host) as alice"))
        #expect(login.stdout.contains("pkey     developer      yes   yes"))
        #expect(!login.stdout.contains(LoginFixture.aliceSecret) && !login.stderr.contains(LoginFixture.aliceSecret))
        // HTTPS first; the sandbox answers the TLS hello in plain HTTP, so one retry over http://,
        // and the project list goes there directly.
        #expect(recorder.sent == [
            "GET https://\(sandbox.host)/v2/", "GET http://\(sandbox.host)/v2/",
            "GET http://\(sandbox.host)/api/v2.0/projects?with_detail=true&page=1&page_size=100",
        ])

        let status = await docker(["status", sandbox.host, "--check"], network: recorder.network)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("Harbor accepts these credentials"))

        // logout never needs the network: a context without one is enough.
        let logout = await docker(["logout", sandbox.host], network: .unconfigured)
        #expect(logout.status == 0, "\(logout.stderr)")
        #expect(logout.stdout.contains("removed from"))
    }

    @Test func aContextWithoutNetworkRefusesLoudly() async throws {
        let run = await docker(["login", "harbor.example.com", "-u", "alice", "--password-stdin"], stdin: "x", network: .unconfigured)
        #expect(run.status == 1)
        #expect(run.stderr.contains("has no network configured"), "\(run.stderr)")
    }

    @Test(arguments: [
        (TransportError.connectionRefused(host: "h"), HarborCore.ExitStatus.connectionRefused),
        (.unknownHost(host: "h"), HarborCore.ExitStatus.unknownHost),
        (.tlsFailure(host: "h", reason: "x"), HarborCore.ExitStatus.tlsFailure),
        (.stalled(host: "h", phase: .firstByte, seconds: 3), HarborCore.ExitStatus.timeout),
        (.timeout(host: "h", seconds: 3), HarborCore.ExitStatus.timeout),
        (.proxyFailure(proxy: "http://p:1", host: "h", reason: "refused"), HarborCore.ExitStatus.connectionRefused),
    ])
    func transportFailuresKeepTheirExitStatuses(reason: TransportError, expected: HarborCore.ExitStatus) async throws {
        let network = NetworkAccess.bottom { _ in FailingBottom(reason: reason) }
        for arguments in [["login", "harbor.example.com", "-u", "alice", "--password-stdin"], ["status", "harbor.example.com", "--check"]] {
            if arguments[0] == "status" {
                try home.write(#"{"auths":{"harbor.example.com":{"auth":"\#(Data("alice:x".utf8).base64EncodedString())"}}}"#, to: ".docker/config.json")
            }
            let run = await docker(arguments, stdin: "x", network: network)
            #expect(run.status == expected, "\(arguments[0]): \(run.stderr)")
            #expect(run.stderr.contains(reason.description), "\(run.stderr)")
        }
    }

    @Test(arguments: [["login", "h.example.com", "--timeout", "0"], ["logout", "h.example.com", "--timeout", "0"], ["status", "h.example.com", "--timeout", "0"],
                      ["login", "h.example.com", "--timeout", "soon"], ["status", "h.example.com", "--timeout", "soon"]])
    func theSameUsageMistakeGetsTheSameExitStatus(arguments: [String]) async {
        let run = await docker(arguments, network: .unconfigured)
        #expect(run.status == 125, "\(run.stderr)")
        #expect(run.stderr.contains("--timeout"), "\(run.stderr)")
    }
}
