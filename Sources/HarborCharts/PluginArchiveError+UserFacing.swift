import HarborCore

/// The command names the file ("cannot push FILE: the file …"); on its own the message reads
/// "the plugin archive …".
extension PluginArchiveError: UserFacingError {
    public var message: String { "the plugin archive \(description)" }
    public var hint: String? { "nothing was pushed" }
    public var exitStatus: ExitStatus { .failure }
}
