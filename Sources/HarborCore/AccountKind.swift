/// Whether a username belongs to a person or to a robot account.
///
/// Harbor names project robots `<prefix><PKEY>+<name>` (default prefix `robot$`; goharbor/harbor
/// v2.7.0, src/controller/robot/controller.go, src/lib/config/metadata/metadatalist.go);
/// DevOps-as-a-Service injects them into pipelines as `doaas-<PKEY>+<name>`.
public enum AccountKind: Equatable, Sendable, CustomStringConvertible {
    case personal
    case robot(prefix: String)

    public init(username: String, robotPrefixes: [String]) {
        if let prefix = robotPrefixes.first(where: { !$0.isEmpty && username.hasPrefix($0) }) {
            self = .robot(prefix: prefix)
        } else {
            self = .personal
        }
    }

    public var isRobot: Bool {
        if case .robot = self { return true }
        return false
    }

    /// The project a project robot belongs to (`robot$pkey+ci` → `pkey`), if the name says.
    public func project(of username: String) -> String? {
        guard case .robot(let prefix) = self else { return nil }
        let rest = username.dropFirst(prefix.count)
        guard let plus = rest.firstIndex(of: "+") else { return nil }
        return String(rest[..<plus])
    }

    /// A robot name a shell (or Jenkins, or a Kubernetes secret template) mangled: `robot$pkey+ci`
    /// unquoted expands `$pkey` to nothing and arrives as `robot+ci`. Matches a configured
    /// prefix containing `$`, cut at the `$`, directly followed by `+` (or nothing).
    public static func shellMangledRobotHint(_ username: String, robotPrefixes: [String]) -> (message: String, fix: String)? {
        for prefix in robotPrefixes {
            guard let dollar = prefix.firstIndex(of: "$") else { continue }
            let stem = String(prefix[..<dollar])
            guard !stem.isEmpty, username == stem || username.hasPrefix(stem + "+") else { continue }
            let name = username.dropFirst(stem.count).drop(while: { $0 == "+" })
            let example = "\(prefix)PKEY+\(name.isEmpty ? "NAME" : String(name))"
            return (
                "'\(username)' looks like a robot account name whose '$PKEY' part the shell removed",
                "robot names contain '$': put the name in single quotes, e.g. -u '\(example)' (in Jenkins and Kubernetes secrets, escape the $ as well)"
            )
        }
        return nil
    }

    public var description: String {
        switch self {
        case .personal: "personal account"
        case .robot: "robot account"
        }
    }
}
