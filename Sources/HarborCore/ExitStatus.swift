/// Every status the plugins exit with, the single list (README, "Exit codes", is tested against
/// `documentedRows`). The same failure has the same status in every command, so scripts can
/// tell outcomes apart without reading messages. Docker and Helm pass the status through.
public enum ExitStatus: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case success
    /// Any error without a status of its own: unreadable file, project not found, …
    case failure
    /// A usage mistake: 125 under docker (cobra's flag errors; docker/cli cmd/docker/docker.go),
    /// 1 under Helm (helm's own commands exit 1). Resolved by `code(usage:)` when the
    /// command's host program is known.
    case usage
    /// Harbor rejected the credentials (wrong or expired secret; Harbor cannot tell which).
    case credentialsRejected
    case unknownHost
    /// Connection refused, or the proxy could not be reached or would not connect us.
    case connectionRefused
    case tlsFailure
    /// No answer within the time limit (`--timeout`, `HARBOR_TIMEOUT`).
    case timeout
    /// Refused to send credentials over plain HTTP to a host that is not loopback.
    case insecureTransport
    /// An answer that is not what a Harbor registry sends (server error, not a registry).
    case unexpectedAnswer
    /// A personal account refused in a pipeline (`login --strict`).
    case pipelinePolicy
    /// The account may not push to the project; nothing was sent.
    case pushDenied
    /// No credentials for the instance: log in first (or set the pipeline variables).
    case notLoggedIn
    /// Harbor refused a pull: the image has vulnerabilities the project's policy blocks.
    case vulnerableImage
    /// Harbor refused a pull: the project blocks images until their scan is done, and it is not
    /// (pending, running, failed).
    case scanNotFinished
    /// Harbor refused a pull: the project blocks images that were never scanned.
    case notScanned
    /// Harbor refused a pull: the project requires a cosign signature.
    case unsigned
    /// Harbor refused a push: the tag exists and an immutable-tag rule protects it.
    case immutableTag
    /// Harbor refused a push: the project's storage quota would be exceeded.
    case quotaExceeded
    /// Harbor is in read-only mode: nothing can be pushed or deleted.
    case readOnly
    /// SIGINT, or docker closing the plugin socket.
    case interrupted
    /// SIGTERM.
    case terminated

    /// The status under a host program whose usage status is `usage` (125 docker, 1 Helm).
    public func code(usage: Int32) -> Int32 {
        switch self {
        case .usage: usage
        default: fixedCode!
        }
    }

    /// The number, for every status but `usage`.
    public var fixedCode: Int32? {
        switch self {
        case .success: 0
        case .failure: 1
        case .usage: nil
        case .credentialsRejected: 3
        case .unknownHost: 4
        case .connectionRefused: 5
        case .tlsFailure: 6
        case .timeout: 7
        case .insecureTransport: 8
        case .unexpectedAnswer: 9
        case .pipelinePolicy: 10
        case .pushDenied: 11
        case .notLoggedIn: 12
        case .vulnerableImage: 13
        case .scanNotFinished: 14
        case .notScanned: 15
        case .unsigned: 16
        case .immutableTag: 17
        case .quotaExceeded: 18
        case .readOnly: 19
        case .interrupted: 130
        case .terminated: 143
        }
    }

    /// The status a fixed code stands for; codes that are no `ExitStatus` (another program's,
    /// passed through) are nil.
    public init?(code: Int32) {
        guard let status = Self.allCases.first(where: { $0.fixedCode == code }) else { return nil }
        self = status
    }

    /// What the status means, as the README's table says it.
    public var meaning: String {
        switch self {
        case .success: "success"
        case .failure: "an error without a status of its own: bad reference, unreadable file, no such project, …"
        case .usage: "a usage mistake (bad flag or argument, empty `-u`, bad `--timeout`, bad instance name), as docker's and helm's own commands"
        case .credentialsRejected: "Harbor rejected the credentials: wrong secret, or expired (Harbor cannot tell which)"
        case .unknownHost: "the host name does not resolve"
        case .connectionRefused: "connection refused, or the proxy could not be reached or would not connect us"
        case .tlsFailure: "TLS failure (e.g. an untrusted company CA)"
        case .timeout: "no answer in time (`--timeout`, default 30 s)"
        case .insecureTransport: "refused to send credentials over plain HTTP (only loopback may)"
        case .unexpectedAnswer: "an unexpected answer (not a registry, server error)"
        case .pipelinePolicy: "a personal account refused in a pipeline (`--strict`)"
        case .pushDenied: "`helm harbor push`, `docker harbor push`: the account may not push to the project (role, membership, no such project); nothing was sent"
        case .notLoggedIn: "not logged in: nothing stored for the instance (and no `HARBOR_USERNAME`/`HARBOR_CLI_SECRET`)"
        case .vulnerableImage: "Harbor refused the pull: the image has vulnerabilities the project's policy blocks"
        case .scanNotFinished: "Harbor refused the pull: the image's vulnerability scan is not done (pending, running or failed); `--wait-scan` waits for it"
        case .notScanned: "Harbor refused the pull: the image was never scanned, and the project blocks unscanned images"
        case .unsigned: "Harbor refused the pull: the project requires a cosign signature and the image has none"
        case .immutableTag: "Harbor refused the push: the tag exists and is immutable in the project; nothing was changed"
        case .quotaExceeded: "Harbor refused the push: the project's storage quota would be exceeded; no tag was written"
        case .readOnly: "Harbor is in read-only mode: nothing can be pushed or deleted"
        case .interrupted: "interrupted (Ctrl-C, or docker closing the plugin socket); no half-written file is left"
        case .terminated: "SIGTERM; no half-written file is left"
        }
    }

    /// The status column of the README's table: `125 (docker) / 1 (helm)` for `usage`.
    public func documentedCode(docker: Int32, helm: Int32) -> String {
        fixedCode.map(String.init) ?? "\(docker) (docker) / \(helm) (helm)"
    }

    public var description: String { fixedCode.map(String.init) ?? "usage" }
}
