import HarborCompletion

/// What a TAB offers after `docker harbor pull|push|tag|run`: references from Harbor (project
/// keys, repositories, tags, digests; for push only projects you may push to). Value flags are
/// listed so that their values are not counted as the image (docker/cli
/// cli/command/image/pull.go, push.go, tag.go and cli/command/container/opts.go, v28.2.2).
extension DockerPullCommand: CompletionDescribing {
    static let completionFlags = [
        CompletionCandidate("--all-tags", "Download all tagged images in the repository"),
        CompletionCandidate("--platform", "Set platform if server is multi-platform capable"),
        CompletionCandidate("--quiet", "Suppress verbose output"),
    ]
    static let valueFlags: Set<String> = ["--platform"]

    static func completePositional(_ index: Int, prefix: String, context: CommandContext) async -> CompletionResult {
        index == 0 ? await context.completeReference(prefix, purpose: .pull) : CompletionResult([])
    }
}

extension DockerPushCommand: CompletionDescribing {
    static let completionFlags = [
        CompletionCandidate("--all-tags", "Push all tags of an image to the repository"),
        CompletionCandidate("--platform", "Push a platform-specific manifest"),
        CompletionCandidate("--quiet", "Suppress verbose output"),
    ]
    static let valueFlags: Set<String> = ["--platform"]

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
    static let valueFlags: Set<String> = [
        "-e", "--env", "--env-file", "-v", "--volume", "-p", "--publish", "--name", "--network", "-w", "--workdir",
        "-u", "--user", "--entrypoint", "-l", "--label", "--mount", "--platform", "-h", "--hostname", "--pull",
        "--restart", "-m", "--memory", "--cpus", "--add-host", "--dns", "--cap-add", "--cap-drop", "--device",
        "--tmpfs", "--log-driver", "--log-opt", "--security-opt", "--ulimit", "--gpus", "--shm-size", "--stop-signal",
    ]

    static func completePositional(_ index: Int, prefix: String, context: CommandContext) async -> CompletionResult {
        // The image is the first positional; what follows is the container's command.
        index == 0 ? await context.completeReference(prefix, purpose: .pull) : CompletionResult([], directive: [])
    }
}
