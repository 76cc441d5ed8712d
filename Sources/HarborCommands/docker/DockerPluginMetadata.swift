import HarborCore

/// The answer to `docker-harbor docker-cli-plugin-metadata` (docker/cli v28.2.2,
/// cli-plugins/metadata/metadata.go, cli-plugins/manager/plugin.go `newPlugin`).
///
/// Docker runs this for every plugin on every `docker --help`, `docker info` and completion,
/// in parallel and without a timeout: it is a constant, printed without reading config,
/// environment, stdin or network.
public enum DockerPluginMetadata {
    public static let shortDescription = "Log in to Harbor and use short image references"

    /// Go's encoding/json style, as docker's own plugins print it (5-space indent, trailing newline).
    public static let json = """
        {
             "SchemaVersion": "0.1.0",
             "Vendor": "\(HarborVersion.vendor)",
             "Version": "\(HarborVersion.current)",
             "ShortDescription": "\(shortDescription)"
        }

        """
}
