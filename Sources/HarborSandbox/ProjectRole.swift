import HarborCore

/// Harbor's project roles (HarborCore's `ProjectRole`) and the repository actions each grants
/// (goharbor/harbor v2.7.0, src/common/rbac/project/rbac_role.go).
extension ProjectRole {
    public var repositoryActions: Set<RepositoryAction> {
        switch self {
        case .projectAdmin, .maintainer: [.pull, .push, .delete]
        case .developer: [.pull, .push]
        case .guest, .limitedGuest: [.pull]
        }
    }
}

/// An action on a repository, as in token scopes.
public enum RepositoryAction: String, Sendable, Codable, Hashable, CaseIterable {
    case pull, push, delete

    /// The order the sandbox lists actions in. Harbor's order is random (Go map iteration).
    static let canonicalOrder: [RepositoryAction] = [.pull, .push, .delete]
}
