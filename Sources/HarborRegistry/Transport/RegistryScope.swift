/// The token scope a registry request needs (distribution's token auth, docs/spec/auth/scope.md):
/// `repository:NAME:pull` to read, `repository:NAME:pull,push` to write; the empty scope for
/// the `/v2/` ping. Nil for paths outside the registry API (Harbor's REST API).
public enum RegistryScope {
    static let repositorySubresources: Set<String> = ["manifests", "blobs", "tags", "referrers"]

    public static func required(method: String, path rawPath: String) -> String? {
        let path = rawPath.split(separator: "?", maxSplits: 1).first.map(String.init) ?? rawPath
        guard path.hasPrefix("/v2/") else { return nil }
        let parts = path.dropFirst("/v2/".count).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let index = parts.firstIndex(where: { repositorySubresources.contains($0) }), index > 0 else {
            return parts.allSatisfy(\.isEmpty) ? "" : nil
        }
        let name = parts[..<index].joined(separator: "/")
        let reads = ["GET", "HEAD"].contains(method.uppercased())
        return "repository:\(name):" + (reads ? "pull" : "pull,push")
    }

    /// Scopes whose token also serves `scope`: a push token serves pulls of the same repository.
    static func covering(_ scope: String) -> [String] {
        guard scope.hasSuffix(":pull") else { return [scope] }
        return [scope, String(scope.dropLast("pull".count)) + "pull,push"]
    }
}
