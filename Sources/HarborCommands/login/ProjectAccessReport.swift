import Foundation
import HarborAPI
import HarborCompletion
import HarborCore
import HarborRegistry

/// After a login: the projects the account can pull from and push to. Personal accounts get
/// their roles from the project list (`current_user_role_ids`, which works with a CLI secret);
/// robots have no roles there, so their access is asked of the token service (goharbor/harbor
/// v2.7.0, src/server/v2.0/handler/project.go, src/core/service/token/creator.go).
///
/// A personal account's list also goes into the completion cache (`cache`), as `projects` puts it
/// there: a TAB right after login completes project keys even when the secret went to a
/// credential helper that completion never runs (pass could prompt).
enum ProjectAccessReport {
    static func print(for credentials: BasicCredentials, account: AccountKind, endpoint: HarborEndpoint, stack: TransportStack, output: Output, cache: CompletionCache? = nil, now: Date) async {
        let projects: [HarborProject]
        do {
            projects = try await HarborAPIClient(baseURL: stack.connection.baseURL, transport: stack).projects()
        } catch {
            output.printError("Note: could not list projects: \(error)")
            return
        }
        if !account.isRobot { cache?.writeProjects(projects, fetched: now) }
        var rows: [(name: String, role: String, pull: Bool, push: Bool)] = []
        var publicOnly = 0
        if account.isRobot {
            for project in projects.prefix(50) {
                let access = try? await AccessProbe.access(to: project.name, using: stack)
                if let access, access.push || (access.pull && project.isPublic != true) {
                    rows.append((project.name, "robot", access.pull, access.push))
                } else if project.isPublic == true {
                    publicOnly += 1
                }
            }
        } else {
            for project in projects {
                if let role = project.role {
                    rows.append((project.name, role.name, project.canPull, project.canPush))
                } else if project.isPublic == true {
                    publicOnly += 1
                }
            }
        }
        if rows.isEmpty {
            output.print("You are not a member of any project on \(endpoint.instance.host); ask a project admin to add you (VIEWER to pull, DEVELOPER to push).")
        } else {
            let width = max(7, rows.map(\.name.count).max() ?? 0) + 2
            output.print("")
            output.print("PROJECT".padding(toLength: width, withPad: " ", startingAt: 0) + "ROLE           PULL  PUSH")
            for row in rows.sorted(by: { $0.name < $1.name }) {
                output.print(row.name.padding(toLength: width, withPad: " ", startingAt: 0)
                    + row.role.padding(toLength: 15, withPad: " ", startingAt: 0)
                    + (row.pull ? "yes " : "no  ").padding(toLength: 6, withPad: " ", startingAt: 0)
                    + (row.push ? "yes" : "no"))
            }
        }
        if publicOnly > 0 {
            output.print("and \(publicOnly) public project\(publicOnly == 1 ? "" : "s") anyone can pull from")
        }
    }
}
