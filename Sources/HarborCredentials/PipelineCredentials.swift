import HarborCore

/// The credentials a pipeline gives in the environment: `HARBOR_USERNAME` with
/// `HARBOR_CLI_SECRET`, else `HARBOR_PASSWORD`. An empty variable counts as unset (a CI system
/// that exports an undefined secret exports an empty string).
///
/// Read only through `CredentialChain`, which decides the hosts they belong to.
public struct PipelineCredentials: Sendable {
    public let username: String?
    public let secret: String?
    /// The variable the secret came from, for messages.
    public let secretVariable: String

    public static let usernameVariable = "HARBOR_USERNAME"

    public init(_ environment: ProcessEnvironment) {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        username = value(Self.usernameVariable)
        if let secret = value("HARBOR_CLI_SECRET") {
            self.secret = secret
            secretVariable = "HARBOR_CLI_SECRET"
        } else {
            secret = value("HARBOR_PASSWORD")
            secretVariable = secret == nil ? "HARBOR_CLI_SECRET" : "HARBOR_PASSWORD"
        }
    }

    /// Whether the environment speaks for a pipeline at all (a username or a secret is set).
    public var isPresent: Bool { username != nil || secret != nil }
}
