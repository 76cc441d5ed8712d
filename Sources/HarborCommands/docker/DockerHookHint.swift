import Foundation
import HarborAPI
import HarborCredentials

/// The hint `docker-harbor` gives after a failed `docker login`, `pull` or `push` against a
/// Harbor host (docker/cli v28.2.2, cli-plugins/manager/hooks.go): decided from the error text and
/// local files only, because docker waits for the hook before it prints its own error.
///
/// Harbor is recognised by a host in the error (`HarborHostRecognizer`) or by Harbor's own
/// texts (`HarborRefusal`: the policy refusals, and `unauthorized to access repository: PKEY/REPO,
/// action: ACTION` from goharbor/harbor v2.7.0, src/server/middleware/v2auth/auth.go). A policy
/// refusal is explained from its text; an authentication or permission failure from what is
/// stored for the host: nothing (log in), a login that last worked long ago (the secret expired),
/// or a recent one (no such project, or no permission). Other registries, other failures and
/// successes get none.
package struct DockerHookHint: Equatable, Sendable {
    package enum Kind: Equatable, Sendable {
        /// The CLI secret given to `docker login` was refused: wrong, or expired.
        case secretRefused(host: String?)
        /// Nothing is stored for the host (nil: for any host): docker sent no credentials.
        case notLoggedIn(host: String?)
        /// The stored login last worked `days` ago: the secret has probably expired.
        case secretExpired(host: String, days: Int)
        /// Harbor refused a pull with a login that worked recently (or whose age is unknown).
        case pullDenied(host: String?)
        /// Harbor refused a push: the role, or an expired secret.
        case pushDenied(host: String?)
        /// A project policy or Harbor's mode refused it, in Harbor's words (`HarborRefusal`).
        case refused(HarborRefusalExplanation)
    }

    package let kind: Kind

    /// What is stored locally for a Harbor host, as far as a hook may look (no helper is run).
    package enum StoredLogin: Equatable, Sendable {
        case nothing
        /// Something is stored; `lastWorked` is when a command last saw it work, if ever.
        case stored(lastWorked: Date?)
    }

    /// Harbor's repository denial, as docker's daemon reports it.
    static let harborDenialMarker = "unauthorized to access repository:"

    package static func decide(
        _ request: DockerHookRequest, recognizer: HarborHostRecognizer, stored: (String?) -> StoredLogin = { _ in .stored(lastWorked: nil) },
        now: Date = Date()
    ) -> DockerHookHint? {
        let error = request.commandError
        guard !error.isEmpty else { return nil }
        let command = request.rootCommand.split(separator: " ").first.map(String.init) ?? ""
        guard ["login", "pull", "push"].contains(command) else { return nil }
        if let refusal = HarborRefusal.find(in: error), !refusal.isAccessDenial {
            return DockerHookHint(kind: .refused(HarborRefusalExplanation(refusal: refusal, subject: "the image", project: nil)))
        }
        guard isAuthenticationFailure(error) else { return nil }
        let host = recognizer.harborHost(mentionedIn: error)
        let harborWording = error.lowercased().contains(harborDenialMarker)
        guard host != nil || harborWording else { return nil }
        if command == "login" { return DockerHookHint(kind: .secretRefused(host: host)) }
        // The daemon's denial names no host: then only "nothing stored anywhere" can be told.
        switch stored(host) {
        case .nothing:
            return DockerHookHint(kind: .notLoggedIn(host: host))
        case .stored(let lastWorked?):
            let days = CredentialFreshness.wholeDays(since: lastWorked, now: now)
            if let host, days >= CredentialFreshness.warnAfterDays { return DockerHookHint(kind: .secretExpired(host: host, days: days)) }
        case .stored(nil):
            break
        }
        return DockerHookHint(kind: command == "push" ? .pushDenied(host: host) : .pullDenied(host: host))
    }

    /// Authentication or permission failures as docker words them: `unauthorized` (the
    /// distribution error code), `denied`/`access denied` (pull and push), `401`/`403` statuses
    /// (`login attempt to … failed with status: 401 Unauthorized`) and `forbidden`.
    static func isAuthenticationFailure(_ error: String) -> Bool {
        let text = error.lowercased()
        return ["unauthorized", "denied", "authentication required", "forbidden", "status: 401", "status: 403"].contains { text.contains($0) }
    }

    /// The lines docker prints under "What's next:".
    package var lines: [String] {
        func login(_ host: String?) -> String { host.map { "docker harbor login \($0)" } ?? "docker harbor login" }
        switch kind {
        case .secretRefused(let host):
            let where_ = host.map { "https://\($0)" } ?? "the Harbor web UI"
            return [
                "Harbor refused your CLI secret. It expires 30 days after your last login to the web UI.",
                "Log in at \(where_), then run '\(login(host))'.",
            ]
        case .notLoggedIn(let host):
            return [
                "You are not logged in to \(host ?? "this Harbor"): docker sent no credentials.",
                "Run '\(login(host))' (your Harbor username and the CLI secret from your User Profile).",
            ]
        case .secretExpired(let host, let days):
            return [
                "Your login to \(host) last worked \(days) days ago; Harbor CLI secrets expire 30 days after the last web UI login.",
                "Log in at https://\(host), then run '\(login(host))'.",
            ]
        case .pullDenied(let host):
            return [
                "Harbor refused the pull: the project does not exist, or your account may not pull from it (Harbor does not say which).",
                "Check the name with 'docker harbor projects'\(host.map { " (on \($0))" } ?? ""); a project admin can add you.",
            ]
        case .pushDenied(let host):
            return [
                "Harbor refused the push: your role in the project may not allow pushing (it needs Developer, Maintainer or Project Admin).",
                "If your CLI secret expired (30 days without a web UI login), log in at the Harbor web UI, then run '\(login(host))'.",
            ]
        case .refused(let explanation):
            return [explanation.message.prefix(1).uppercased() + explanation.message.dropFirst() + "."]
                + (explanation.hint.map { $0.components(separatedBy: "\n") } ?? [])
        }
    }

    /// The hook response docker reads: `{"Type":0,"Template":"…"}` (docker/cli v28.2.2,
    /// cli-plugins/hooks/template.go `HookMessage`; type 0 is "next steps"). The template is Go
    /// text/template; our lines contain no `{{`, so they print as they are.
    package var responseJSON: String {
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
