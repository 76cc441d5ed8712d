import Foundation
import HarborCore

/// Docker's platform default credential helper (docker/cli v28.2.2,
/// cli/config/credentials/default_store_linux.go; Helm does the same, oras-go v2.6.1
/// registry/remote/credentials/store.go): when a file configures no credentials at all (no
/// `credsStore`, no `credHelpers`, no `auths`), docker uses `osxkeychain` on macOS, `wincred` on
/// Windows, and on Linux `pass` if `pass` is on PATH, else `secretservice`, but only if
/// `docker-credential-<x>` is on PATH. On its next save docker writes that choice into the file
/// as `"credsStore"`.
///
/// This is a decision with a reason, not an action: reads follow it (as docker does), and a
/// login decides with `CredentialStore.PlatformDefaultPolicy` whether to adopt it.
public struct PlatformDefaultHelper: Sendable, Equatable, CustomStringConvertible {
    /// The helper to use, or nil when the platform default does not apply.
    public let helper: String?
    /// Why, in words a user can act on.
    public let reason: String
    /// Why `helper` cannot work here and how to fix it, or nil when it can (as far as can be told
    /// without running it): e.g. `pass` without an initialised store.
    public let problem: Problem?

    public struct Problem: Sendable, Equatable {
        /// What is missing, e.g. "the password store /home/u/.password-store is not initialised".
        public let what: String
        /// What to run or change.
        public let fix: String
    }

    public init(helper: String?, reason: String, problem: Problem? = nil) {
        self.helper = helper
        self.reason = reason
        self.problem = problem
    }

    public var description: String { reason }

    public static func decide(for contents: DockerConfigContents, environment: ProcessEnvironment) -> PlatformDefaultHelper {
        if contents.containsAuth {
            return PlatformDefaultHelper(
                helper: nil, reason: "\(contents.path) already configures credentials (credsStore, credHelpers or auths)")
        }
        let candidate: String
        let why: String
        #if os(macOS)
        candidate = "osxkeychain"
        why = "the macOS default"
        #elseif os(Windows)
        candidate = "wincred"
        why = "the Windows default"
        #else
        if ExecutableSearch.find("pass", in: environment) != nil {
            candidate = "pass"
            why = "pass is on PATH"
        } else {
            candidate = "secretservice"
            why = "pass is not on PATH"
        }
        #endif
        guard ExecutableSearch.find("docker-credential-\(candidate)", in: environment) != nil else {
            return PlatformDefaultHelper(
                helper: nil,
                reason: "no credentials configured in \(contents.path) and docker-credential-\(candidate) (\(why)) is not on PATH, so credentials go to the file")
        }
        return PlatformDefaultHelper(
            helper: candidate,
            reason: "no credentials configured in \(contents.path); docker would use docker-credential-\(candidate) (\(why))",
            problem: problem(with: candidate, environment: environment))
    }

    /// What keeps `helper` from working, for the helpers whose preconditions can be seen from outside.
    package static func problem(with helper: String, environment: ProcessEnvironment) -> Problem? {
        switch helper {
        case "pass":
            // pass(1) 1.7.4 (`set_gpg_recipients`) encrypts for the `.gpg-id` found walking up from
            // the entry's directory to the store root; docker-credential-pass keeps its entries
            // under `docker-credential-helpers/`. Without one, every store fails.
            let root = environment["PASSWORD_STORE_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? environment.homeDirectory + "/.password-store"
            let candidates = [root + "/docker-credential-helpers/.gpg-id", root + "/.gpg-id"]
            if candidates.contains(where: { FileManager.default.fileExists(atPath: $0) }) { return nil }
            return Problem(
                what: "the password store \(root) is not initialised (no .gpg-id), so docker-credential-pass cannot store anything",
                fix: "run 'pass init GPG-ID' with your GPG key (create one with 'gpg --quick-gen-key \"NAME <EMAIL>\"')")
        case "secretservice":
            // libsecret talks to the Secret Service over the D-Bus session bus: DBUS_SESSION_BUS_ADDRESS,
            // or the systemd user bus at $XDG_RUNTIME_DIR/bus.
            if let address = environment["DBUS_SESSION_BUS_ADDRESS"], !address.isEmpty { return nil }
            if let runtime = environment["XDG_RUNTIME_DIR"], FileManager.default.fileExists(atPath: runtime + "/bus") { return nil }
            return Problem(
                what: "there is no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set), so docker-credential-secretservice cannot reach a keyring",
                fix: "log in to a desktop session (or start one with 'dbus-run-session'), or install pass and run 'pass init GPG-ID'")
        default:
            return nil
        }
    }
}
