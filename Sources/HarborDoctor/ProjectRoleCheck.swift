/// `role`: the caller's role in the default project (`docker harbor use`), from Harbor's project
/// list; for robot accounts, the actions Harbor's token service grants them in it.
public struct ProjectRoleCheck: DoctorCheck {
    public let key = "role"
    public init() {}

    public func evaluate(_ facts: DoctorFacts) -> DoctorFinding {
        guard let project = facts.defaultProject else {
            return .ok(key, "no default project set (docker harbor use \(facts.instance.customer ?? facts.instance.host) PKEY sets one)")
        }
        let who: String
        if case .found(let credential) = facts.credential { who = credential.username } else { who = "you" }
        let askAdmin = "ask a Project Admin of \(project) to add \(who) as a member (Developer or Maintainer to push, Guest to pull)"
        switch facts.projectRole {
        case .notSet:
            return .ok(key, "no default project set")
        case .member(let role):
            return .ok(key, "\(who) is a member of \(project) as \(role.name) (" + (role.canPush ? "pull and push" : "pull only") + ")")
        case .access(let pull, let push):
            if !pull && !push { return .failure(key, "\(who) may neither pull from nor push to \(project)", fix: "the robot account belongs to another project, or lacks permissions: ask a Project Admin of \(project)") }
            return .ok(key, "\(who) may " + (push ? "pull and push in" : "pull from") + " \(project)")
        case .notMember(let isPublic):
            return .failure(key, "\(who) has no role in \(project)" + (isPublic ? " (a public project: pull only, no push)" : ""), fix: askAdmin)
        case .notListed:
            return .failure(key, "\(project) is not among the projects \(who) sees: it does not exist, or it is private and \(who) is not a member", fix: "check the project key (docker harbor projects lists yours), or " + askAdmin)
        case .unknown(let reason):
            return .warning(key, "not checked: \(reason)")
        }
    }
}
