import HarborCore

/// How the command layer reaches HarborCompletion: the settings, the credential chain's reading
/// and the cache of this run, and the context's network.
extension CommandContext {
    /// Nil when the settings cannot be read: completion then offers nothing rather than an error.
    func completionSources() -> CompletionSources? {
        guard let settings = try? settings() else { return nil }
        return CompletionSources(
            environment: environment, settings: settings, dockerConfigDirectory: dockerConfigDirectory,
            consumer: credentialConsumer, network: network)
    }

    func completeReference(_ prefix: String, purpose: ReferenceCompleter.Purpose) async -> CompletionResult {
        guard let sources = completionSources() else { return CompletionResult([]) }
        return await sources.referenceCompleter().complete(prefix, purpose: purpose)
    }

    /// Project keys of the default instance, with the role as description.
    func completeProjectKeys(_ prefix: String) async -> CompletionResult {
        guard let sources = completionSources(), let host = sources.defaultHost, let catalog = sources.catalog(for: host) else {
            return CompletionResult([])
        }
        let projects = await catalog.projects().filter { $0.name.hasPrefix(prefix) }
        return CompletionResult(projects.map { CompletionCandidate($0.name, $0.role?.name ?? "public") })
    }

    func completeInstances(_ prefix: String) -> CompletionResult {
        completionSources()?.instances(prefix) ?? CompletionResult([])
    }
}
