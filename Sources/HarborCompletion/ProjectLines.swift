import Foundation
import HarborAPI

/// The project list as the cache keeps it: one line per project,
/// `NAME<TAB>ROLE-IDS<TAB>PUBLIC<TAB>REPOSITORIES` (`2,3`, `1`/`0`/`-`, a count or `-`).
/// A TAB reads this list every time, and a thousand projects decode from these lines in a
/// fraction of what the same data costs as JSON objects.
public enum ProjectLines {
    public static let cacheKey = "projects"

    public static func encode(_ projects: [HarborProject]) -> String {
        var text = ""
        text.reserveCapacity(projects.count * 24)
        for project in projects {
            text += project.name
            text += "\t" + project.roleIDs.map(String.init).joined(separator: ",")
            text += "\t" + (project.isPublic.map { $0 ? "1" : "0" } ?? "-")
            text += "\t" + (project.repositoryCount.map(String.init) ?? "-")
            text += "\n"
        }
        return text
    }

    /// Lines that do not read are left out.
    public static func decode(_ text: String) -> [HarborProject] {
        var projects: [HarborProject] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 4, !fields[0].isEmpty else { continue }
            let roles = fields[1].split(separator: ",").compactMap { Int($0) }
            let isPublic: Bool? = fields[2] == "1" ? true : fields[2] == "0" ? false : nil
            projects.append(HarborProject(name: String(fields[0]), roleIDs: roles, isPublic: isPublic, repositoryCount: Int(fields[3])))
        }
        return projects
    }
}

extension CompletionCache {
    /// Stores the project list as `ProjectLines`.
    @discardableResult
    public func writeProjects(_ projects: [HarborProject], fetched: Date) -> Bool {
        write(ProjectLines.cacheKey, ProjectLines.encode(projects), fetched: fetched)
    }

    public func readProjects() -> [HarborProject]? {
        read(ProjectLines.cacheKey, as: String.self).map { ProjectLines.decode($0.value) }
    }
}
