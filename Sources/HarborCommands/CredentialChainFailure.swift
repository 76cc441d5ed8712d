import HarborCredentials
import HarborRegistry

/// What the user reads when the credential chain or a credential store fails.
enum CredentialChainFailure {
    static func failure(_ error: CredentialChainError, context: CommandContext, instanceWord: String? = nil) -> CommandFailure {
        CommandFailure(error.description, hint: error.hint(loginCommand: context.flavor.commandPath, instanceWord: instanceWord))
    }

    static func failure(_ error: CredentialPlacementError) -> CommandFailure {
        CommandFailure(error.description, hint: error.hint)
    }
}

extension ResolvedCredential {
    /// For the transport stack's authentication layer.
    var basic: BasicCredentials { BasicCredentials(username: username, secret: secret) }
}
