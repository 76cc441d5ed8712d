import ArgumentParser

/// `docker harbor pull|push|tag|run`: docker's own commands with short references
/// (`DockerPassthrough`). Every argument is docker's; only the references are expanded. Their
/// flags are docker's too: help and completion read them from docker (`DockerFlagSpec`).
protocol DockerWrappingCommand: AsyncParsableCommand {
    static var verb: DockerPassthrough.Verb { get }
    var arguments: [String] { get }
}

extension DockerWrappingCommand {
    func run() async throws { try await DockerPassthrough.run(Self.verb, arguments, context: .current) }
}

struct DockerPullCommand: DockerWrappingCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull", abstract: "docker pull with short references (PKEY/REPO[:TAG], REPO[:TAG])")

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("docker pull's options and the image.", valueName: "args"))
    var arguments: [String] = []

    static let verb = DockerPassthrough.Verb.pull
}

struct DockerPushCommand: DockerWrappingCommand {
    static let configuration = CommandConfiguration(
        commandName: "push", abstract: "docker push with short references, after checking your push right")

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("docker push's options and the image.", valueName: "args"))
    var arguments: [String] = []

    static let verb = DockerPassthrough.Verb.push
}

struct DockerTagCommand: DockerWrappingCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag", abstract: "docker tag with short references for source and target")

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("SOURCE and TARGET images.", valueName: "args"))
    var arguments: [String] = []

    static let verb = DockerPassthrough.Verb.tag
}

struct DockerRunCommand: DockerWrappingCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "docker run with a short reference for the image")

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("docker run's options, the image, the command and its arguments.", valueName: "args"))
    var arguments: [String] = []

    static let verb = DockerPassthrough.Verb.run
}
