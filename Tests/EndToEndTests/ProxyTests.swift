import Foundation
import HarborCore
import HarborCommands
import HarborTestSupport
import Testing

/// `docker harbor login` behind a corporate proxy, with a real CONNECT proxy (tinyproxy) and a
/// Harbor host name only the proxy can resolve: the plugin must honour HTTPS_PROXY/NO_PROXY as
/// docker and helm do (Go's ProxyFromEnvironment), and blame a dead proxy, not Harbor.
@Suite(.serialized)
struct ProxyTests {
    static let proxyOnlyName = "harbor.proxy-only.test"

    static let sandbox = SharedSandbox(fixture: LoginFixture.fixture, tls: true, extraArguments: ["--tls-name", proxyOnlyName])

    let home: TestHome

    init() async throws {
        home = try await TestHome.installed()
    }

    static func port(of sandbox: SandboxProcess) -> Int { Int(sandbox.host.split(separator: ":").last ?? "") ?? 0 }

    func login(_ host: String, caFile: String, environment: [String: String], secret: String = LoginFixture.aliceSecret) async throws -> CompletedProcess {
        try await ProcessRunner.run(
            "docker", ["harbor", "login", host, "-u", "alice", "--password-stdin", "--ca-file", caFile, "--timeout", "10"],
            environment: home.dockerEnvironment.merging(environment) { $1 }, stdin: secret + "\n")
    }

    @Test(arguments: ["HTTPS_PROXY", "https_proxy"])
    func loginAndProjectTableGoThroughTheProxy(variable: String) async throws {
        let sandbox = try await Self.sandbox.get()
        let port = Self.port(of: sandbox)
        let proxy = try await TinyproxyProcess.start(allowConnectPorts: [port], hosts: [Self.proxyOnlyName: "127.0.0.1"])
        defer { proxy.stop() }
        let host = "\(Self.proxyOnlyName):\(port)"
        let caFile = try #require(sandbox.caFile).path

        let result = try await login(host, caFile: caFile, environment: [variable: proxy.url])
        #expect(result.status == 0, "\(result)\n--- proxy log\n\(proxy.log)")
        #expect(result.stdout.contains("Logged in to \(host) as alice"))
        #expect(result.stdout.contains("pkey     developer      yes   yes"), "\(result)")
        #expect(proxy.log.contains("CONNECT \(host)"), "\(proxy.log)")
        #expect(LoginTests.auth(try JSONSerialization.jsonObject(with: Data(home.read(".docker/config.json").utf8)) as? [String: Any] ?? [:], host) == "alice:\(LoginFixture.aliceSecret)")
    }

    @Test func withoutTheProxyTheNameDoesNotResolve() async throws {
        let sandbox = try await Self.sandbox.get()
        let result = try await login("\(Self.proxyOnlyName):\(Self.port(of: sandbox))", caFile: try #require(sandbox.caFile).path, environment: [:])
        #expect(result.status == HarborCore.ExitStatus.unknownHost, "\(result)")
    }

    @Test(arguments: ["proxy-only.test", ".proxy-only.test", "\(proxyOnlyName)", "*"])
    func noProxyMatchBypassesTheProxy(noProxy: String) async throws {
        let sandbox = try await Self.sandbox.get()
        let port = Self.port(of: sandbox)
        let proxy = try await TinyproxyProcess.start(allowConnectPorts: [port], hosts: [Self.proxyOnlyName: "127.0.0.1"])
        defer { proxy.stop() }
        let result = try await login("\(Self.proxyOnlyName):\(port)", caFile: try #require(sandbox.caFile).path, environment: ["HTTPS_PROXY": proxy.url, "no_proxy": noProxy])
        // Direct, so the name cannot be resolved; and the proxy saw nothing.
        #expect(result.status == HarborCore.ExitStatus.unknownHost, "\(result)")
        #expect(!proxy.log.contains("CONNECT \(Self.proxyOnlyName)"), "\(proxy.log)")
    }

    @Test func loopbackIsNeverProxied() async throws {
        let sandbox = try await Self.sandbox.get()
        let proxy = try await TinyproxyProcess.start(allowConnectPorts: [Self.port(of: sandbox)])
        defer { proxy.stop() }
        let result = try await login(sandbox.host, caFile: try #require(sandbox.caFile).path, environment: ["HTTPS_PROXY": proxy.url])
        #expect(result.status == 0, "\(result)")
        #expect(!proxy.log.contains("Request (file descriptor"), "\(proxy.log)")
    }

    @Test func aDeadProxyIsNamedWithoutItsCredentials() async throws {
        let sandbox = try await Self.sandbox.get()
        let deadPort = try LoopbackPort.reserve()
        let result = try await login(
            "\(Self.proxyOnlyName):\(Self.port(of: sandbox))", caFile: try #require(sandbox.caFile).path,
            environment: ["HTTPS_PROXY": "http://proxyuser:ProxyPass99@127.0.0.1:\(deadPort)"])
        #expect(result.status == HarborCore.ExitStatus.connectionRefused, "\(result)")
        #expect(result.stderr.contains("the proxy http://127.0.0.1:\(deadPort) could not take us to \(Self.proxyOnlyName)"), "\(result)")
        #expect(result.stderr.contains("connection refused"), "\(result)")
        #expect(!result.stderr.contains("ProxyPass99") && !result.stdout.contains("ProxyPass99"))
        #expect(!result.stderr.contains("proxyuser"))
    }

    @Test func proxyCredentialsFromTheURLAreUsedAndNeverShown() async throws {
        let sandbox = try await Self.sandbox.get()
        let port = Self.port(of: sandbox)
        let proxy = try await TinyproxyProcess.start(allowConnectPorts: [port], hosts: [Self.proxyOnlyName: "127.0.0.1"], basicAuth: ("corp", "ProxyPass99"))
        defer { proxy.stop() }
        let host = "\(Self.proxyOnlyName):\(port)"
        let caFile = try #require(sandbox.caFile).path
        let good = try await login(host, caFile: caFile, environment: ["HTTPS_PROXY": proxy.url])
        #expect(good.status == 0, "\(good)\n--- proxy log\n\(proxy.log)")
        #expect(!good.stdout.contains("ProxyPass99") && !good.stderr.contains("ProxyPass99"))

        let wrong = try await login(host, caFile: caFile, environment: ["HTTPS_PROXY": "http://corp:WrongPass77@127.0.0.1:\(proxy.port)"])
        #expect(wrong.status == HarborCore.ExitStatus.connectionRefused, "\(wrong)")
        #expect(wrong.stderr.contains("the proxy http://127.0.0.1:\(proxy.port)"), "\(wrong)")
        // tinyproxy answers the CONNECT with an error status; the message points at the credentials.
        #expect(wrong.stderr.contains("credentials in the proxy URL"), "\(wrong)")
        #expect(!wrong.stderr.contains("WrongPass77"))
    }
}
