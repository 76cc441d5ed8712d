extension SettingsFile.ReadError: UserFacingError {
    public var message: String { "cannot read settings file \(path): \(reason)" }
    public var hint: String? {
        reason == "it is a directory, not a file" ? FileReadProblem.hint(path: path) : "fix the file, or move it away to start afresh"
    }
    public var exitStatus: ExitStatus { .failure }
}

extension AtomicFile.WriteError: UserFacingError {
    public var message: String { description }
    public var exitStatus: ExitStatus { .failure }
}
