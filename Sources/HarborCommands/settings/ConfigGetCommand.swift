import ArgumentParser
import HarborCore
import Foundation

struct ConfigGetCommand: AsyncParsableCommand, ConfigKeyCompleting {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Print one setting in effect")

    @Argument(help: ArgumentHelp("The setting.", valueName: "key"))
    var key: String

    func run() async throws {
        let context = CommandContext.current
        let settings = try context.settings()
        let value: String?
        switch try ConfigKey(key) {
        case .setting(.instance): value = settings.instance
        case .setting(.project): value = settings.project
        case .setting(.hostTemplate): value = settings.hostTemplate.pattern
        case .setting(.robotPrefixes): value = settings.robotPrefixes.joined(separator: ",")
        case .setting(.store): value = settings.storeInFile ? "file" : "docker"
        case .setting(.completionTTL): value = settings.completionTTL.map { "\($0)" }
        case .setting(.completionTimeout): value = settings.completionTimeout.map { "\($0)" }
        case .instance(let name): value = settings.instances[name]
        }
        guard let value else { throw CommandFailure("'\(key)' is not set", exitCode: .failure) }
        context.output.print(value)
    }
}
