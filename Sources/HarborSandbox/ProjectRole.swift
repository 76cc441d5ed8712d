/// Harbor's project roles and the repository actions each grants (harbor-api.md §3, "Roles → repository rights").
public enum ProjectRole: Int, Sendable, Codable, CaseIterable {
    case projectAdmin = 1
    case developer = 2
    case guest = 3
    case maintainer = 4
    case limitedGuest = 5

    public var repositoryActions: Set<RepositoryAction> {
        switch self {
        case .projectAdmin, .maintainer: [.pull, .push, .delete]
        case .developer: [.pull, .push]
        case .guest, .limitedGuest: [.pull]
        }
    }

    /// Harbor's `highestRole` ranking: projectAdmin > maintainer > developer > guest > limitedGuest.
    var rank: Int {
        switch self {
        case .projectAdmin: 5
        case .maintainer: 4
        case .developer: 3
        case .guest: 2
        case .limitedGuest: 1
        }
    }
}

/// An action on a repository, as in token scopes.
public enum RepositoryAction: String, Sendable, Codable, Hashable, CaseIterable {
    case pull, push, delete

    /// The order the sandbox lists actions in. Harbor's order is random (Go map iteration).
    static let canonicalOrder: [RepositoryAction] = [.pull, .push, .delete]
}
