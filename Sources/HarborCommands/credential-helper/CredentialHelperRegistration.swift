import HarborCore
import HarborCredentials

/// Maps a Harbor host to `docker-credential-harbor` in docker's config.json:
/// `"credHelpers": {"HOST": "harbor"}` (docker/cli v28.2.2, cli/config/configfile/file.go
/// `getConfiguredCredentialStore`). Helm reads the same entry through its docker fallback.
enum CredentialHelperRegistration {
    /// Registers the helper for `host`; returns the config file's path. Warns when docker would
    /// not find the helper on PATH.
    static func register(host: String, context: CommandContext) throws -> String {
        let edit = DockerConfigEdit(context: context)
        let key = RegistryHostKey.storageKey(for: host)
        try edit.apply { _, document throws(JSONEditError) in
            try document.set(.string(CredentialHelperMain.helperName), at: ["credHelpers", key])
        }
        if ExecutableSearch.find(CredentialHelperMain.executableName, in: context.environment) == nil {
            context.output.printError(
                "Warning: \(CredentialHelperMain.executableName) is not on PATH, so docker cannot run it; "
                    + "install.sh puts it in ~/.local/bin: add that directory to PATH.")
        }
        return edit.file.path
    }
}
