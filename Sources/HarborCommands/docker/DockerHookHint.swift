import Foundation

/// The hint `docker-harbor` gives after a failed `docker login`, `pull` or `push` against a
/// Harbor host (docker-plugins.md §5): decided from the error text and local settings only,
/// because docker waits for the hook before it prints its own error.
///
/// Harbor is recognised by a host in the error (`HarborHostRecognizer`) or by Harbor's own
/// denial text, `unauthorized to access repository: PKEY/REPO, action: ACTION` (goharbor/harbor
/// v2.7.0, src/server/middleware/v2auth/auth.go). Only authentication and permission failures
/// get a hint; other registries, other failures and successes get none.
struct DockerHookHint: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        /// The CLI secret was refused: probably expired.
        case secretRefused(host: String?)
        /// Harbor refused a push: the role, or an expired secret.
        case pushDenied(host: String?)
    }

    let kind: Kind

    /// Harbor's repository denial, as docker's daemon reports it.
    static let harborDenialMarker = "unauthorized to access repository:"

    static func decide(_ request: DockerHookRequest, recognizer: HarborHostRecognizer) -> DockerHookHint? {
        let error = request.commandError
        guard !error.isEmpty, isAuthenticationFailure(error) else { return nil }
        let host = recognizer.harborHost(mentionedIn: error)
        let harborWording = error.lowercased().contains(harborDenialMarker)
        guard host != nil || harborWording else { return nil }
        let command = request.rootCommand.split(separator: " ").first.map(String.init) ?? ""
        switch command {
        case "push":
            return DockerHookHint(kind: .pushDenied(host: host))
        case "login", "pull":
            return DockerHookHint(kind: .secretRefused(host: host))
        default:
            return nil
        }
    }

    /// Authentication or permission failures as docker words them: `unauthorized` (the
    /// distribution error code), `denied`/`access denied` (pull and push), `401`/`403` statuses
    /// (`login attempt to … failed with status: 401 Unauthorized`) and `forbidden`.
    static func isAuthenticationFailure(_ error: String) -> Bool {
        let text = error.lowercased()
        return ["unauthorized", "denied", "authentication required", "forbidden", "status: 401", "status: 403"].contains { text.contains($0) }
    }

    /// The lines docker prints under "What's next:".
    var lines: [String] {
        switch kind {
        case .secretRefused(let host):
            let where_ = host.map { "https://\($0)" } ?? "the Harbor web UI"
            let login = host.map { "docker harbor login \($0)" } ?? "docker harbor login"
            return [
                "Harbor refused your CLI secret. It expires 30 days after your last login to the web UI.",
                "Log in at \(where_), then run '\(login)'.",
            ]
        case .pushDenied(let host):
            let login = host.map { "docker harbor login \($0)" } ?? "docker harbor login"
            return [
                "Harbor refused the push: your role in the project may not allow pushing (it needs Developer, Maintainer or Project Admin).",
                "If your CLI secret expired (30 days without a web UI login), log in at the Harbor web UI, then run '\(login)'.",
            ]
        }
    }

    /// The hook response docker reads: `{"Type":0,"Template":"…"}` (docker/cli v28.2.2,
    /// cli-plugins/hooks/template.go `HookMessage`; type 0 is "next steps"). The template is Go
    /// text/template; our lines contain no `{{`, so they print as they are.
    var responseJSON: String {
        struct Message: Encodable {
            let type: Int
            let template: String
            enum CodingKeys: String, CodingKey {
                case type = "Type"
                case template = "Template"
            }
        }
        let template = lines.joined(separator: "\n").replacingOccurrences(of: "{{", with: "{{\"{{\"}}")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data = (try? encoder.encode(Message(type: 0, template: template))) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
