import HarborCore
import HarborCredentials
import HarborRegistry

/// What the user reads when the credential chain or a credential store fails: the chain's
/// error with the login hint in this plugin's own words (`docker harbor login`, `helm harbor login`).
enum CredentialChainFailure {
    static func failure(_ error: CredentialChainError, context: CommandContext, instanceWord: String? = nil) -> CommandFailure {
        CommandFailure(error.message, hint: error.hint(loginCommand: context.flavor.commandPath, instanceWord: instanceWord), exitCode: error.exitStatus)
    }

    static func failure(_ error: CredentialPlacementError) -> CommandFailure {
        CommandFailure(error.message, hint: error.hint, exitCode: error.exitStatus)
    }
}

extension ResolvedCredential {
    /// For the transport stack's authentication layer.
    var basic: BasicCredentials { BasicCredentials(username: username, secret: secret) }
}
