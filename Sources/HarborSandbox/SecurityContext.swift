import Foundation

/// Who a request acts as, after Harbor's generator chain ran (goharbor/harbor v2.7.0,
/// src/server/middleware/security/security.go).
enum SecurityContext: Sendable {
    case anonymous
    case user(Fixture.User)
    /// A robot, with the project its `<prefix><PKEY>+<name>` name points at (if any).
    case robot(Fixture.Robot, nameProject: String?)
    /// A registry token presented as `Bearer` on `/v2/…` (Harbor's `v2Token` generator).
    case registryToken(TokenClaims)

    var isAuthenticated: Bool {
        switch self {
        case .anonymous: false
        case .user, .robot: true
        case .registryToken(let claims): !(claims.subject ?? "").isEmpty
        }
    }

    var isSysAdmin: Bool {
        if case .user(let user) = self { return user.sysadmin }
        return false
    }

    var username: String? {
        switch self {
        case .anonymous: nil
        case .user(let user): user.username
        case .robot(let robot, _): robot.name
        case .registryToken(let claims): claims.subject
        }
    }

    /// Actions this context holds on repositories of `project` (nil: the project does not exist).
    func repositoryActions(in project: ProjectRecord?, repository: String? = nil) -> Set<RepositoryAction> {
        guard let project else { return [] }
        var actions: Set<RepositoryAction> = project.isPublic ? [.pull] : []
        switch self {
        case .anonymous:
            break
        case .user(let user):
            if user.sysadmin { return Set(RepositoryAction.allCases) }
            for role in project.roles(of: user.username) { actions.formUnion(role.repositoryActions) }
        case .robot(let robot, let nameProject):
            actions.formUnion(robot.actions(in: project.name, nameProject: nameProject))
            for role in project.roles(of: robot.name) { actions.formUnion(role.repositoryActions) }
        case .registryToken(let claims):
            // A registry token grants exactly what its access claim lists for that repository.
            guard let repository else { return [] }
            return claims.actions(type: "repository", name: repository)
        }
        return actions
    }
}

extension Fixture.Robot {
    /// Explicit permissions, or pull+push on the project a `<prefix><PKEY>+<name>` robot is named after.
    func actions(in projectName: String, nameProject: String?) -> Set<RepositoryAction> {
        if !permissions.isEmpty {
            return Set(permissions.filter { $0.project == projectName }.flatMap { $0.actions.compactMap(RepositoryAction.init(rawValue:)) })
        }
        return nameProject == projectName ? [.pull, .push] : []
    }

    /// `PKEY` in `<prefix>PKEY+name`; nil for a system robot (`<prefix>name`).
    package func projectOfName(prefixes: [String]) -> String? {
        guard let prefix = prefixes.filter({ name.hasPrefix($0) }).max(by: { $0.count < $1.count }) else { return nil }
        let rest = name.dropFirst(prefix.count)
        guard let plus = rest.firstIndex(of: "+") else { return nil }
        return String(rest[..<plus])
    }
}
