import HarborCredentials

/// Lossless edits of docker's config.json for the settings the plugin owns (hooks,
/// `credHelpers` entries): one locked transaction through `DockerConfigFile.update`, every other
/// key kept byte for byte, values written as strings as docker requires for `plugins.*`.
struct DockerConfigEdit {
    let file: DockerConfigFile

    init(context: CommandContext) {
        file = DockerConfigFile(location: DockerConfigLocation(configFlag: context.dockerConfigDirectory, environment: context.environment))
    }

    /// Applies `change` to the document; returns whether the file changed.
    @discardableResult
    func apply(_ change: (DockerConfigContents, inout JSONDocument) throws(JSONEditError) -> Void) throws -> Bool {
        do {
            return try file.update { contents, document throws(CredentialFileError) in
                do throws(JSONEditError) {
                    try change(contents, &document)
                } catch {
                    let key = error.keyPath.isEmpty ? "the top-level value" : "\"" + error.keyPath.joined(separator: ".") + "\""
                    throw .wrongShape(path: error.path, key: key, expected: "a JSON object", found: error.found)
                }
            }
        } catch {
            throw CommandFailure("cannot change docker's config file: \(error)")
        }
    }
}
