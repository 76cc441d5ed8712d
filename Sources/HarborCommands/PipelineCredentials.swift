import HarborCore
import HarborRegistry

/// The credentials a pipeline gives in the environment: `HARBOR_USERNAME` with
/// `HARBOR_CLI_SECRET`, else `HARBOR_PASSWORD`. An empty variable counts as unset (a CI system
/// that exports an undefined secret exports an empty string). Read the same way by `login`,
/// `helm harbor push` and `docker-credential-harbor`.
struct PipelineCredentials {
    let username: String?
    let secret: String?
    /// The variable the secret came from, for messages.
    let secretVariable: String

    init(_ environment: ProcessEnvironment) {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        username = value("HARBOR_USERNAME")
        if let secret = value("HARBOR_CLI_SECRET") {
            self.secret = secret
            secretVariable = "HARBOR_CLI_SECRET"
        } else {
            secret = value("HARBOR_PASSWORD")
            secretVariable = secret == nil ? "HARBOR_CLI_SECRET" : "HARBOR_PASSWORD"
        }
    }

    /// Both halves, when both are set.
    var credentials: BasicCredentials? {
        guard let username, let secret else { return nil }
        return BasicCredentials(username: username, secret: secret)
    }
}
