import Foundation
import HarborCore
import HarborRegistry
import Testing

/// Where TLS trust comes from, as docker reads `certs.d` (docker/docker registry.ReadCertsDirectory):
/// `*.crt` are CAs, `NAME.cert` + `NAME.key` a client pair, half a pair an error.
struct TLSTrustTests {
    let root: String

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("certsd-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: root + "/harbor.corp:8443", withIntermediateDirectories: true)
    }

    func touch(_ name: String) throws {
        try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/harbor.corp:8443/" + name))
    }

    let instance = Instance(host: "harbor.corp:8443")

    @Test func casClientPairAndCAFileFlagAndEnvironment() throws {
        try touch("ca.crt")
        try touch("extra.crt")
        try touch("client.cert")
        try touch("client.key")
        let trust = try TLSTrust.discover(
            for: instance, caFile: "/flag/ca.pem", environment: ProcessEnvironment(variables: ["SSL_CERT_FILE": "/env/bundle.pem"], homeDirectory: "/"),
            certsDirectories: [root])
        #expect(trust.caFiles == ["/flag/ca.pem", "/env/bundle.pem", root + "/harbor.corp:8443/ca.crt", root + "/harbor.corp:8443/extra.crt"])
        #expect(trust.clientIdentity == TLSTrust.ClientIdentity(certificateFile: root + "/harbor.corp:8443/client.cert", keyFile: root + "/harbor.corp:8443/client.key"))
    }

    @Test(arguments: ["lonely.cert", "lonely.key"])
    func halfAClientPairIsAnError(name: String) throws {
        try touch(name)
        #expect(throws: TransportError.self) {
            try TLSTrust.discover(for: instance, caFile: nil, environment: ProcessEnvironment(variables: [:], homeDirectory: "/"), certsDirectories: [root])
        }
    }

    @Test func anUnreadableCAFileIsReportedByPath() {
        do {
            _ = try AsyncHTTPClientTransport(settings: ConnectionSettings(trust: TLSTrust(caFiles: ["/nonexistent/ca.pem"])))
            Issue.record("accepted a missing CA file")
        } catch {
            #expect(error == .unreadableCertificate(path: "/nonexistent/ca.pem", reason: "no such file or not readable"))
        }
    }
}
