import HarborCore

extension CredentialStoreError: UserFacingError {
    public var message: String {
        switch self {
        case .file(let error): error.message
        case .helper(let error): error.message
        case .platformDefaultUnusable: description
        }
    }

    public var hint: String? {
        switch self {
        case .file(let error): error.hint
        case .helper(let error): error.hint
        case .platformDefaultUnusable: fix
        }
    }

    public var exitStatus: ExitStatus { .failure }
}
