/// Help for `docker harbor pull|push|tag|run`: the wrapped docker command's own usage line and
/// options, taken from that docker's `--help` (its flags are docker's, not ours), under our
/// description of what the wrapper adds.
enum DockerPassthroughHelp {
    static func render(_ command: CommandHelpModel, verb: String, context: CommandContext) -> String {
        let docker = DockerPassthrough.dockerExecutable(context)
        let theirs = (try? DockerPassthrough.capture(docker, context.dockerGlobalArguments + [verb, "--help"], context: context)) ?? ""
        let sections = theirs.components(separatedBy: "\n\n")
        var usage = "Usage:  docker harbor \(verb) [OPTIONS] ARGS"
        if let line = sections.first(where: { $0.hasPrefix("Usage:") }) {
            usage = line.replacingOccurrences(of: "docker \(verb)", with: "docker harbor \(verb)")
                .replacingOccurrences(of: "docker image \(verb)", with: "docker harbor \(verb)")
                .replacingOccurrences(of: "docker container \(verb)", with: "docker harbor \(verb)")
        }
        var description = command.abstract ?? ""
        description += "\nShort references: REPO[:TAG] in the default project, PKEY/REPO[:TAG] on the default instance."
        var parts = [usage, description]
        if let options = sections.first(where: { $0.hasPrefix("Options:") }) {
            parts.append(options.trailingSpacesTrimmed)
        }
        return parts.joined(separator: "\n\n") + "\n"
    }
}
