import HarborCore

extension AuthenticationError: UserFacingError {
    public var message: String { description }
    public var hint: String? {
        switch reason {
        case .realmOnAnotherServer:
            // Harbor builds the realm from its external URL (`ext_endpoint`, harbor.yml's `hostname`).
            "Harbor names its token service after its external URL (hostname / ext_endpoint in harbor.yml): log in with the host name Harbor calls itself, or ask the Harbor administrators to set it to the name you use"
        default:
            "Harbor's token service is in trouble or not where the registry says; try again later"
        }
    }
    public var exitStatus: ExitStatus { .unexpectedAnswer }
}
