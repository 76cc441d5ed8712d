import ArgumentParser
import HarborCore
import Foundation

struct ConfigPathCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "path", abstract: "Print where the settings file is")

    func run() async throws {
        let context = CommandContext.current
        context.output.print(SettingsFile(environment: context.environment).path)
    }
}
