import Foundation
import HarborCore
import HarborCredentials

/// `credentials`: where the login comes from (the one `CredentialChain`), whether Harbor accepts
/// it now (`GET /v2/`, the one check Harbor has for CLI secrets), and when it last worked
/// (`CredentialFreshnessFile`). A personal CLI secret stops working 30 days after the last Harbor
/// UI login, and Harbor answers that exactly like a wrong secret.
public struct CredentialCheck: DoctorCheck {
    public let key = "credentials"
    public init() {}

    public func evaluate(_ facts: DoctorFacts) -> DoctorFinding {
        let host = facts.instance.host
        let tool = facts.consumer == .helm ? "helm harbor" : "docker harbor"
        let credential: ResolvedCredential
        switch facts.credential {
        case .missing(let message):
            return .failure(key, message, fix: "log in: \(tool) login \(host) -u USERNAME (the CLI secret is in the Harbor UI, User Profile)")
        case .unreadable(let message):
            return .failure(key, message, fix: "fix the file or credential helper named above, then \(tool) login \(host)")
        case .found(let found):
            credential = found
        }
        let account = AccountKind(username: credential.username, robotPrefixes: facts.robotPrefixes)
        let who = "\(credential.username) (\(account)) from \(credential.source)"
        var lastWorked = "not used with these plugins before"
        var days: Int?
        if let last = facts.lastWorked {
            let count = CredentialFreshness.wholeDays(since: last, now: facts.now)
            days = count
            lastWorked = "last worked \(RFC3339.format(last)) (\(count == 0 ? "today" : "\(count) days ago"))"
        }
        let window = "a CLI secret stops working \(CredentialFreshness.secretLifetimeDays) days after your last Harbor UI login"
        switch facts.verification {
        case .notChecked, .failed:
            let why: String
            if case .failed(let reason) = facts.verification { why = reason } else { why = "Harbor was not reached" }
            return .warning(key, "\(who), \(lastWorked); not checked: \(why)")
        case .accepted:
            if !account.isRobot, let days, days >= CredentialFreshness.warnAfterDays {
                return .warning(key, "\(who): Harbor accepts it; before today it \(lastWorked)", fix: "\(window): log in at https://\(host) with LOGIN VIA OIDC PROVIDER now and then")
            }
            return .ok(key, "\(who): Harbor accepts it; \(lastWorked)" + (account.isRobot ? "" : " (\(window))"))
        case .rejected:
            let fix: String
            if account.isRobot {
                fix = "the robot's secret is wrong, or the robot was disabled, deleted or expired: use the secret the DevOps portal injects, or ask a project admin"
            } else {
                fix = "\(window) (Harbor cannot tell an expired secret from a wrong one): log in at https://\(host) with LOGIN VIA OIDC PROVIDER, then \(tool) login \(host) -u \(credential.username) with the CLI secret from the User Profile"
            }
            return .failure(key, "\(who): Harbor rejected it (401); it \(lastWorked)", fix: fix)
        case .unexpected(let status, let detail):
            return .failure(key, "\(who): GET /v2/ answered \(status)\(detail.isEmpty ? "" : ": \(detail)")", fix: "Harbor or a proxy in front of it is in trouble; try again later, or run with -D for the exchange")
        }
    }
}
