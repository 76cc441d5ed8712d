/// docker, a credential helper or a browser that cannot be started.
extension ChildProcess.SpawnError: UserFacingError {
    public var message: String { description }
    public var hint: String? { "check that \(executable) is installed and executable" }
    public var exitStatus: ExitStatus { .failure }
}
