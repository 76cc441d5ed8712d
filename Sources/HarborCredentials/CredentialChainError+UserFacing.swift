import HarborCore

extension CredentialChainError: UserFacingError {
    public var message: String { description }

    /// Commands say how to log in with their own command (`CredentialChainFailure`); this is the
    /// docker plugin's wording for an error that reaches the renderer as it is.
    public var hint: String? { hint(loginCommand: "docker harbor") }

    public var exitStatus: ExitStatus {
        switch self {
        case .notLoggedIn, .pipelineSecretMissing: .notLoggedIn
        case .unreadable: .failure
        }
    }
}
