import Foundation
import HarborCore
import Testing

struct InstanceTests {
    static let settings = try! EffectiveSettings(stored: {
        var stored = StoredSettings()
        stored.instances = ["lab": "harbor.lab.example.com:8443"]
        return stored
    }())

    @Test(arguments: [
        ("acme", "registry-acme.devops.t-systems.net", "acme"),
        ("ACME", "registry-acme.devops.t-systems.net", "acme"),
        ("my-customer", "registry-my-customer.devops.t-systems.net", "my-customer"),
        ("registry-acme.devops.t-systems.net", "registry-acme.devops.t-systems.net", "acme"),
        ("https://registry-acme.devops.t-systems.net/", "registry-acme.devops.t-systems.net", "acme"),
        ("https://registry-acme.devops.t-systems.net/v2/", "registry-acme.devops.t-systems.net", "acme"),
        ("harbor.example.com", "harbor.example.com", nil),
        ("127.0.0.1:5000", "127.0.0.1:5000", nil),
        ("localhost", "localhost", nil),
        ("[::1]:8443", "[::1]:8443", nil),
        ("lab", "harbor.lab.example.com:8443", nil),
    ] as [(String, String, String?)])
    func resolvesInstances(_ word: String, _ host: String, _ customer: String?) throws {
        let instance = try Instance.resolve(word, settings: Self.settings)
        #expect(instance.host == host)
        #expect(instance.customer == customer)
    }

    @Test(arguments: [
        ("", "the instance name is empty"),
        ("acme/pkey", "'acme/pkey' is not an instance: it contains '/'"),
        ("ac_me", "'_' at position 3 is not allowed in customer name 'ac_me'"),
        ("-acme", "cannot start or end with '-'"),
        ("bad_host.example.com", "'bad_host.example.com' is not a valid registry host"),
        (String(repeating: "a", count: 64), "longer than 63 characters"),
    ])
    func rejectsBadInstances(_ word: String, _ message: String) {
        let error = #expect(throws: InstanceError.self) { try Instance.resolve(word, settings: Self.settings) }
        #expect(error?.message.contains(message) == true, "got: \(error?.message ?? "-")")
    }

    @Test func customTemplate() throws {
        var stored = StoredSettings()
        stored.hostTemplate = "harbor-{customer}.example.com"
        let settings = try EffectiveSettings(stored: stored)
        #expect(try Instance.resolve("acme", settings: settings).host == "harbor-acme.example.com")
        #expect(settings.hostTemplate.customer(forHost: "harbor-acme.example.com") == "acme")
        #expect(settings.hostTemplate.customer(forHost: "registry-acme.devops.t-systems.net") == nil)
    }

    @Test(arguments: ["registry.example.com", "{customer}{customer}.example.com", "bad_{customer}.example.com"])
    func rejectsBadTemplates(_ pattern: String) {
        #expect(throws: InstanceError.self) { try HostTemplate(pattern) }
    }

    @Test(arguments: [("127.0.0.1:5000", true), ("127.1.2.3", true), ("localhost:80", true), ("[::1]:5000", true),
                      ("128.0.0.1", false), ("harbor.example.com", false), ("127.0.0.1.example.com", false), ("10.0.0.1", false)])
    func loopback(_ host: String, _ expected: Bool) {
        #expect(Instance(host: host).isLoopback == expected)
    }
}

struct SettingsTests {
    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("harbor-settings-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func environmentOverridesFile() throws {
        var stored = StoredSettings()
        stored.instance = "acme"
        stored.project = "pkey"
        let environment = ProcessEnvironment(variables: ["HARBOR_PROJECT": "other", "HARBOR_ROBOT_PREFIXES": "bot-, robot$"], homeDirectory: "/nonexistent")
        let settings = try EffectiveSettings(stored: stored, environment: environment, filePath: "/f")
        #expect(settings.instance == "acme")
        #expect(settings.sources[.instance] == .file("/f"))
        #expect(settings.project == "other")
        #expect(settings.sources[.project] == .environment("HARBOR_PROJECT"))
        #expect(settings.robotPrefixes == ["bot-", "robot$"])
        #expect(try settings.referenceDefaults() == ReferenceDefaults(host: "registry-acme.devops.t-systems.net", project: "other"))
    }

    @Test func defaults() throws {
        let settings = try EffectiveSettings()
        #expect(settings.hostTemplate == .devOpsAsAService)
        #expect(settings.robotPrefixes == ["robot$", "doaas-"])
        #expect(settings.sources[.instance] == .builtIn)
    }

    @Test func updateKeepsUnknownKeysAndIsPrivate() throws {
        let directory = try Self.temporaryDirectory()
        let path = directory + "/harbor/settings.json"
        try FileManager.default.createDirectory(atPath: directory + "/harbor", withIntermediateDirectories: true)
        try Data(#"{"future-key": {"nested": [1, 2]}, "project": "old"}"#.utf8).write(to: URL(fileURLWithPath: path))
        let file = SettingsFile(path: path)
        try file.update { $0.project = "new"; $0.instance = "acme" }
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        #expect(object["project"] as? String == "new")
        #expect(object["instance"] as? String == "acme")
        #expect((object["future-key"] as? [String: Any])?["nested"] as? [Int] == [1, 2])
        #expect(try file.load().project == "new")
    }

    @Test func newFileIsOwnerOnly() throws {
        let directory = try Self.temporaryDirectory()
        let path = directory + "/new/dir/settings.json"
        try SettingsFile(path: path).update { $0.instance = "acme" }
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let directoryAttributes = try FileManager.default.attributesOfItem(atPath: directory + "/new/dir")
        #expect((directoryAttributes[.posixPermissions] as? Int) == 0o700)
    }

    @Test func malformedFileIsReportedAndLeftAlone() throws {
        let directory = try Self.temporaryDirectory()
        let path = directory + "/settings.json"
        let original = Data("{\n  \"project\": \"pkey\",\n  oops\n}\n".utf8)
        try original.write(to: URL(fileURLWithPath: path))
        let file = SettingsFile(path: path)
        let error = #expect(throws: SettingsFile.ReadError.self) { try file.update { $0.project = "x" } }
        #expect(error?.description.contains(path) == true)
        #expect(error?.description.contains("not valid JSON") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == original)
    }

    @Test func wrongTypeIsReported() throws {
        let directory = try Self.temporaryDirectory()
        let path = directory + "/settings.json"
        try Data(#"{"project": 7}"#.utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: SettingsFile.ReadError.self) { try SettingsFile(path: path).load() }
        #expect(error?.description.contains("'project' must be a string") == true)
    }

    @Test func symlinkedFileStaysASymlink() throws {
        let directory = try Self.temporaryDirectory()
        let target = directory + "/real.json"
        let link = directory + "/settings.json"
        try Data("{}".utf8).write(to: URL(fileURLWithPath: target))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.json")
        try SettingsFile(path: link).update { $0.project = "pkey" }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real.json")
        #expect(try String(contentsOfFile: target, encoding: .utf8).contains("\"project\" : \"pkey\""))
    }
}
