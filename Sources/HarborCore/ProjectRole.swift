/// Harbor's project roles (goharbor/harbor v2.7.0, src/common/const.go,
/// src/common/rbac/project/rbac_role.go). DevOps-as-a-Service's portal calls guest VIEWER:
/// pulling needs at least that, pushing needs DEVELOPER.
public enum ProjectRole: Int, Sendable, Codable, CaseIterable, Comparable {
    case projectAdmin = 1
    case developer = 2
    case guest = 3
    case maintainer = 4
    case limitedGuest = 5

    public var name: String {
        switch self {
        case .projectAdmin: "project admin"
        case .developer: "developer"
        case .guest: "guest"
        case .maintainer: "maintainer"
        case .limitedGuest: "limited guest"
        }
    }

    public var canPull: Bool { true }
    public var canPush: Bool { self == .projectAdmin || self == .maintainer || self == .developer }

    /// Harbor's ranking: projectAdmin > maintainer > developer > guest > limitedGuest.
    var rank: Int {
        switch self {
        case .projectAdmin: 5
        case .maintainer: 4
        case .developer: 3
        case .guest: 2
        case .limitedGuest: 1
        }
    }

    public static func < (lhs: ProjectRole, rhs: ProjectRole) -> Bool { lhs.rank < rhs.rank }
}
