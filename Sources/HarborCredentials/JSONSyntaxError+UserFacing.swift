import HarborCore

extension JSONSyntaxError: UserFacingError {
    public var message: String { "\(path):\(line):\(column): not valid JSON: \(problem)" }
    public var hint: String? { "nothing was written; fix the file, or move it away to start afresh" }
    public var exitStatus: ExitStatus { .failure }
}

extension JSONEditError: UserFacingError {
    public var message: String { DescribedError(description).message }
    public var hint: String? { DescribedError(description).hint }
    public var exitStatus: ExitStatus { .failure }
}
