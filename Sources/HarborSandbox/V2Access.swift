/// What a `/v2/…` request needs, as Harbor's `v2auth` middleware works it out (goharbor/harbor
/// v2.7.0, src/server/middleware/v2auth/auth.go).
enum V2Access: Equatable, Sendable {
    /// `GET /v2/`: any authenticated caller.
    case login
    /// `/v2/_catalog`: sysadmins only.
    case catalog
    case repository(name: String, action: RepositoryAction)

    /// The `scope` Harbor puts in a Bearer challenge: push asks for `pull,push`, delete for `delete`.
    var scope: String? {
        guard case .repository(let name, let action) = self else { return nil }
        switch action {
        case .pull: return "repository:\(name):pull"
        case .push: return "repository:\(name):pull,push"
        case .delete: return "repository:\(name):delete"
        }
    }

    static func action(forMethod method: String) -> RepositoryAction? {
        switch method {
        case "GET", "HEAD": .pull
        case "POST", "PUT", "PATCH": .push
        case "DELETE": .delete
        default: nil
        }
    }

    /// Parses the registry path; nil repository name means the path is not a registry route Harbor knows.
    static func accessList(method: String, path: String, query: [(String, String)]) -> [V2Access] {
        if path == "/v2/" || path == "/v2" { return [.login] }
        if path == "/v2/_catalog" { return [.catalog] }
        guard let repository = repositoryName(path: path), let action = action(forMethod: method) else { return [] }
        var list: [V2Access] = [.repository(name: repository, action: action)]
        // A cross-repository blob mount needs pull on the source repository too.
        if method == "POST", query.contains(where: { $0.0 == "mount" }),
            let from = query.first(where: { $0.0 == "from" })?.1, !from.isEmpty
        {
            list.append(.repository(name: from, action: .pull))
        }
        return list
    }

    /// `NAME` in `/v2/NAME/manifests/REF`, `/v2/NAME/blobs/DIGEST`, `/v2/NAME/blobs/uploads/[ID]`, `/v2/NAME/tags/list`.
    static func repositoryName(path: String) -> String? {
        guard path.hasPrefix("/v2/") else { return nil }
        let components = path.dropFirst(4).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        for index in components.indices where index >= 1 {
            let rest = components[(index + 1)...]
            let matches: Bool
            switch components[index] {
            case "manifests": matches = rest.count == 1 && !rest[rest.startIndex].isEmpty
            case "tags": matches = Array(rest) == ["list"]
            case "blobs":
                if rest.first == "uploads" { matches = rest.count <= 2 } else { matches = rest.count == 1 && !(rest.first ?? "").isEmpty }
            default: matches = false
            }
            if matches {
                let name = components[..<index]
                if name.contains(where: \.isEmpty) { return nil }
                return name.joined(separator: "/")
            }
        }
        return nil
    }
}
