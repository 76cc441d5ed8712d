/// Where a Helm plugin goes: repository `PROJECT/NAME`, so that the reference's last component is
/// the plugin's name, as Helm 4 requires (helm/helm pkg/registry/plugin.go `GetPluginName` and the
/// layer-title match in `processPluginPull` at v4.2.4), and the version as tag, `+` as `_` as for
/// charts (OCI tags cannot hold `+`).
extension ChartTarget {
    public init(host: String, project: String, plugin metadata: PluginMetadata) throws(PluginArchiveError) {
        let tag = metadata.version.replacingOccurrences(of: "+", with: "_")
        if !Self.isValidTag(tag) { throw .invalidTag(tag: tag, version: metadata.version) }
        self.init(host: host, project: project, name: metadata.name, tag: tag)
    }

    /// What installs the plugin pushed here; `plainHTTP` when the registry answers plain HTTP
    /// (Helm 4 does not fall back to it by itself, not even on loopback).
    public func pluginInstallCommand(plainHTTP: Bool) -> String {
        "helm plugin install oci://\(reference)" + (plainHTTP ? " --plain-http" : "")
    }
}
