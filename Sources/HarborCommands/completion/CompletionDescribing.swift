/// What a command's positional arguments take, and flag values its definition cannot say
/// (Harbor's instances, a listing's `--format` templates), for the completion engine. The flags
/// themselves and their enumerated values come from the command's definition (`FlagSet`), as
/// its help does. (Docker and Helm never use ArgumentParser's own completion scripts; they speak
/// cobra's `__complete` protocol, which `CompletionEngine` answers.)
public protocol CompletionDescribing {
    /// Candidates for the positional argument at `index` (0-based) starting with `prefix`.
    static func completePositional(_ index: Int, prefix: String, context: CommandContext) async -> CompletionResult
    /// Candidates for the value of `flag` (its long form, `--instance`), or nil for what the
    /// flag's definition offers.
    static func completeFlagValue(_ flag: String, prefix: String, context: CommandContext) async -> CompletionResult?
}

extension CompletionDescribing {
    public static func completePositional(_ index: Int, prefix: String, context: CommandContext) async -> CompletionResult {
        CompletionResult([])
    }

    public static func completeFlagValue(_ flag: String, prefix: String, context: CommandContext) async -> CompletionResult? {
        nil
    }
}
