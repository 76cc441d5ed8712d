import HarborCore

/// The command names the file ("cannot push FILE: the file …"); on its own the message reads
/// "the chart archive …".
extension ChartArchiveError: UserFacingError {
    public var message: String { "the chart archive \(description)" }
    public var hint: String? { "nothing was pushed" }
    public var exitStatus: ExitStatus { .failure }
}
