import Foundation
import HarborCore

/// A project as the sandbox serves it.
struct ProjectRecord: Sendable, Equatable {
    var id: Int
    var name: String
    var isPublic: Bool
    var members: [Fixture.Member]
    var creationTime: Date
    var ownerName: String

    func roles(of username: String) -> [ProjectRole] {
        members.filter { $0.username == username }.compactMap { ProjectRole(rawValue: $0.role) }
    }
}
