import ArgumentParser

/// `docker harbor pull|push|tag|run`: docker's own commands with short references
/// (`DockerPassthrough`). Every argument is docker's; only the references are expanded.
struct DockerPullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull", abstract: "docker pull with short references (PKEY/REPO[:TAG], REPO[:TAG])")

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("docker pull's options and the image.", valueName: "args"))
    var arguments: [String] = []

    func run() async throws { try await DockerPassthrough.run(.pull, arguments, context: .current) }
}

struct DockerPushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push", abstract: "docker push with short references, after checking your push right")

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("docker push's options and the image.", valueName: "args"))
    var arguments: [String] = []

    func run() async throws { try await DockerPassthrough.run(.push, arguments, context: .current) }
}

struct DockerTagCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag", abstract: "docker tag with short references for source and target")

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("SOURCE and TARGET images.", valueName: "args"))
    var arguments: [String] = []

    func run() async throws { try await DockerPassthrough.run(.tag, arguments, context: .current) }
}

struct DockerRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "docker run with a short reference for the image")

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("docker run's options, the image, the command and its arguments.", valueName: "args"))
    var arguments: [String] = []

    func run() async throws { try await DockerPassthrough.run(.run, arguments, context: .current) }
}
