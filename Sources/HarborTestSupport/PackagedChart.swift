import Foundation

/// Chart archives made by real Helm, as a user makes them: `helm create NAME`, then
/// `helm package NAME`, with Helm's directories inside the scratch directory.
public enum PackagedChart {
    /// Helm's own directories below `scratch`, so that nothing of the caller's Helm is read or written.
    public static func helmEnvironment(_ scratch: Scratch) -> [String: String] {
        [
            "HELM_CONFIG_HOME": scratch.path("helm-config").path, "HELM_CACHE_HOME": scratch.path("helm-cache").path,
            "HELM_DATA_HOME": scratch.path("helm-data").path, "HELM_REGISTRY_CONFIG": scratch.path("helm-config/registry.json").path,
        ]
    }

    /// `helm create NAME` and `helm package` in `scratch`; the archive. With `chartYAML`, Helm's
    /// Chart.yaml is replaced and the directory tarred as Helm lays it out (`helm package` refuses
    /// dependencies missing from charts/, which `helm push` accepts).
    public static func make(_ name: String, in scratch: Scratch, chartYAML: String? = nil, helmVersion: String = "4.3.1") async throws -> URL {
        let helm = try Helm.binary(version: helmVersion)
        let environment = ProcessRunner.inheritedEnvironment(adding: helmEnvironment(scratch))
        let created = try await ProcessRunner.run(helm, ["create", name], environment: environment, directory: scratch.url.path)
        guard created.status == 0 else { throw TestSupportError("helm create \(name): \(created)") }
        if let chartYAML {
            try chartYAML.write(to: scratch.path("\(name)/Chart.yaml"), atomically: true, encoding: .utf8)
            let tarred = try await ProcessRunner.run("/bin/tar", ["-czf", "\(name).tgz", name], directory: scratch.url.path)
            guard tarred.status == 0 else { throw TestSupportError("tar -czf \(name).tgz: \(tarred)") }
            return scratch.path("\(name).tgz")
        }
        let packaged = try await ProcessRunner.run(helm, ["package", name], environment: environment, directory: scratch.url.path)
        guard packaged.status == 0 else { throw TestSupportError("helm package \(name): \(packaged)") }
        let archives = try FileManager.default.contentsOfDirectory(at: scratch.url, includingPropertiesForKeys: nil).filter { $0.pathExtension == "tgz" }
        guard let archive = archives.first else { throw TestSupportError("helm package \(name) made no .tgz in \(scratch.url.path)") }
        return archive
    }
}
