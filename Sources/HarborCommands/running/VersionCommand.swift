import ArgumentParser
import HarborCore

/// `docker harbor version`: the convention of docker's first-party plugins (buildx, compose).
struct VersionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Show the plugin version")

    @OptionGroup var formatting: OutputFormatOption

    struct Info: Encodable {
        let name: String
        let version: String
        let vendor: String
    }

    func run() async throws {
        let context = CommandContext.current
        let name = context.flavor == .docker ? "docker-harbor" : "helm-harbor"
        switch formatting.format {
        case .text: context.output.print("\(name) \(HarborVersion.current)")
        case .json: context.output.print(try JSONOutput.string(Info(name: name, version: HarborVersion.current, vendor: HarborVersion.vendor)))
        }
    }
}
