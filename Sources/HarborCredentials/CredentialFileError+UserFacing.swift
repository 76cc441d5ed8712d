import HarborCore

extension CredentialFileError: UserFacingError {
    public var message: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .syntax(let error): error.message
        case .write(let error): error.description
        default: DescribedError(description).message
        }
    }

    public var hint: String? {
        switch self {
        case .unreadable(let path, _): FileReadProblem.hint(path: path)
        case .syntax(let error): error.hint
        case .write: "the file was left as it was"
        default: DescribedError(description).hint
        }
    }

    public var exitStatus: ExitStatus { .failure }
}
