import Foundation
import HarborCore
import HarborCredentials

/// What to tell someone whose credentials Harbor rejected. Harbor answers a wrong secret, an
/// unknown user and a lapsed OIDC session with the same 401 (goharbor/harbor v2.7.0,
/// src/pkg/oidc/secret.go), so the message covers all of them and says which is likely.
enum RejectionAdvice {
    /// The Harbor UI: `http://` only for the plain-HTTP loopback instances the login spoke HTTP to.
    static func uiURL(host: String, plainHTTP: Bool) -> String {
        (plainHTTP ? "http://" : "https://") + host
    }

    /// `usernameHints`: at login, add what `LoginHint` sees wrong with the name itself.
    static func failure(uiURL: String, host: String, username: String, account: AccountKind, lastWorked: Date?, now: Date, opened: Bool, usernameHints: Bool = false) -> CommandFailure {
        var hints: [String] = usernameHints ? LoginHint.hints(for: username, account: account) : []
        if account.isRobot {
            hints.append("The robot account's secret is wrong, or the robot account was disabled, deleted or has expired.")
            hints.append("Use the secret the DevOps portal injects for this robot, or ask a project admin to refresh it.")
        } else {
            if let lastWorked {
                let days = CredentialFreshness.wholeDays(since: lastWorked, now: now)
                if days >= 25 {
                    hints.append("These credentials last worked \(days) days ago: the CLI secret has most likely expired.")
                } else {
                    hints.append("These credentials last worked \(days == 0 ? "today" : "\(days) days ago").")
                }
            }
            hints.append("The DevOps portal password does not work here: use the CLI secret from the Harbor UI (User Profile → CLI secret).")
            hints.append("A CLI secret stops working after 30 days without a Harbor UI login. Log in at \(uiURL) with LOGIN VIA OIDC PROVIDER, then run this again: the same secret works again.")
            if !opened { hints.append("Add --open to open \(uiURL) in your browser.") }
        }
        return CommandFailure(
            "\(host) rejected the credentials for \(username) (401 Unauthorized): the secret is wrong or has expired",
            hint: hints.joined(separator: "\n  "),
            exitCode: .credentialsRejected)
    }
}
