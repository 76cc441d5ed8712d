import ArgumentParser
import HarborCore
import Foundation

/// `config get|set|unset KEY …`: the first argument completes to the setting keys.
protocol ConfigKeyCompleting: CompletionDescribing {}

extension ConfigKeyCompleting {
    static func completePositional(_ index: Int, prefix: String, context: CommandContext) -> CompletionResult {
        index == 0 ? ConfigKey.candidates(prefix: prefix, context: context) : CompletionResult([])
    }
}
