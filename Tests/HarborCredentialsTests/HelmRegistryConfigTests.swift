import Foundation
import HarborCore
import Testing

import HarborCredentials

/// Helm's registry config: docker's format at Helm's own path (helm/helm pkg/cli/environment.go,
/// pkg/registry/client.go, v3.21.4 and v4.2.4).
@Suite struct HelmRegistryConfigTests {
    @Test(arguments: [
        (["HELM_REGISTRY_CONFIG": "/explicit/config.json", "HELM_CONFIG_HOME": "/hch"], "/explicit/config.json"),
        (["HELM_CONFIG_HOME": "/hch", "XDG_CONFIG_HOME": "/xdg"], "/hch/registry/config.json"),  // no helm/ sub-directory
        (["XDG_CONFIG_HOME": "/xdg"], "/xdg/helm/registry/config.json"),
        (["HELM_REGISTRY_CONFIG": "", "XDG_CONFIG_HOME": ""], defaultPath),
        ([:], defaultPath),
    ])
    func location(variables: [String: String], path: String) {
        let environment = ProcessEnvironment(variables: variables, homeDirectory: "/home/u")
        #expect(HelmRegistryConfigLocation(environment: environment).path == path)
    }

    #if os(macOS)
    static let defaultPath = "/home/u/Library/Preferences/helm/registry/config.json"
    #else
    static let defaultPath = "/home/u/.config/helm/registry/config.json"
    #endif

    @Test func storedCredentialsHaveTheFormatHelmReads() throws {
        let dir = TemporaryDirectory()
        var environment = dir.environment
        environment.variables["HELM_CONFIG_HOME"] = dir.path + "/helm"
        environment.variables["PATH"] = dir.path + "/no-helpers"  // no platform default helper
        let helm = HelmRegistryConfig(environment: environment)
        #expect(try helm.store(host: "harbor.example.com:8443", username: "robot$proj+ci", secret: "tok", platformDefault: .adopt) == .file(helm.path))

        // ORAS reads auths[host].auth = base64("user:pass") (oras-go v2.6.1,
        // registry/remote/credentials/internal/config/config.go); check with a plain JSON decoder.
        let data = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/helm/registry/config.json"))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let auth = ((object?["auths"] as? [String: Any])?["harbor.example.com:8443"] as? [String: Any])?["auth"] as? String
        #expect(auth.flatMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) } == "robot$proj+ci:tok")
        // Written like Helm writes it: 0600 in a 0700 directory, tab-indented.
        #expect(fileMode(helm.path) == 0o600)
        #expect(fileMode(dir.path + "/helm/registry") == 0o700)
        #expect(String(decoding: data, as: UTF8.self).hasPrefix("{\n\t\"auths\": {\n\t\t\"harbor.example.com:8443\": {"))

        #expect(try helm.credential(for: "harbor.example.com:8443", dockerFallback: nil)?.username == "robot$proj+ci")
        try helm.erase(host: "harbor.example.com:8443")
        #expect(try helm.credential(for: "harbor.example.com:8443", dockerFallback: nil) == nil)
    }

    @Test func helmFallsBackToDockerLikeHelmDoes() throws {
        let dir = TemporaryDirectory()
        var environment = dir.environment
        environment.variables["PATH"] = dir.path + "/no-helpers"
        environment.variables["HELM_REGISTRY_CONFIG"] = dir.write(#"{"auths": {}}"#, to: "helm.json")
        let docker = CredentialStore(file: DockerConfigFile(path: dir.write(#"{"auths": {}}"#, to: "docker.json")), environment: environment)
        try docker.store(host: "h", username: "from-docker", secret: "d", platformDefault: .file)
        let helm = HelmRegistryConfig(environment: environment)
        #expect(try helm.credential(for: "h", dockerFallback: docker)?.username == "from-docker")
        try helm.store(host: "h", username: "from-helm", secret: "h", platformDefault: .file)
        #expect(try helm.credential(for: "h", dockerFallback: docker)?.username == "from-helm")
    }

    @Test func helmsOwnCredHelpersAreHonoured() throws {
        let dir = TemporaryDirectory()
        var environment = dir.environment
        environment.variables["PATH"] = dir.path + "/empty"
        let path = dir.write(#"{"credHelpers": {"h": "absent"}}"#, to: "helm.json")
        let helm = HelmRegistryConfig(location: HelmRegistryConfigLocation(path: path), environment: environment)
        #expect(try helm.store.destination(for: "h") == .helper("absent", .init(key: "credHelpers[\"h\"]", path: path)))
        #expect(try helm.store.destination(for: "other") == .file(path))
    }
}
