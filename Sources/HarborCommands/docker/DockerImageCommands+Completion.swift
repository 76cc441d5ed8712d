import HarborCompletion

/// What a TAB offers after `docker harbor pull|push|tag|run`: references from Harbor (project
/// keys, repositories, tags, digests; for push only projects you may push to). Their flags are
/// docker's, read from docker's help (`DockerWrappingCommand`, `DockerFlagSpec`).
extension DockerPullCommand: CompletionDescribing {
    static func completePositional(_ index: Int, prefix: String, context: CommandContext) async -> CompletionResult {
        index == 0 ? await context.completeReference(prefix, purpose: .pull) : CompletionResult([])
    }
}

extension DockerPushCommand: CompletionDescribing {
    static func completePositional(_ index: Int, prefix: String, context: CommandContext) async -> CompletionResult {
        index == 0 ? await context.completeReference(prefix, purpose: .push) : CompletionResult([])
    }
}

extension DockerTagCommand: CompletionDescribing {
    static func completePositional(_ index: Int, prefix: String, context: CommandContext) async -> CompletionResult {
        switch index {
        case 0: await context.completeReference(prefix, purpose: .pull)
        case 1: await context.completeReference(prefix, purpose: .push)
        default: CompletionResult([])
        }
    }
}

extension DockerRunCommand: CompletionDescribing {
    static func completePositional(_ index: Int, prefix: String, context: CommandContext) async -> CompletionResult {
        // The image is the first positional; what follows is the container's command.
        index == 0 ? await context.completeReference(prefix, purpose: .pull) : CompletionResult([], directive: [])
    }
}
