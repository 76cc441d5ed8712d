import ArgumentParser
import HarborCore
import Foundation

struct ConfigUnsetCommand: AsyncParsableCommand, ConfigKeyCompleting {
    static let configuration = CommandConfiguration(commandName: "unset", abstract: "Remove a setting (its default applies again)")

    @Argument(help: ArgumentHelp("The setting.", valueName: "key"))
    var key: String

    func run() async throws {
        let context = CommandContext.current
        let key = try ConfigKey(key)
        try SettingsFile(environment: context.environment).update { stored in
            switch key {
            case .setting(.instance): stored.instance = nil
            case .setting(.project): stored.project = nil
            case .setting(.hostTemplate): stored.hostTemplate = nil
            case .setting(.robotPrefixes): stored.robotPrefixes = nil
            case .setting(.store): stored.store = nil
            case .setting(.completionTTL): stored.completionTTL = nil
            case .setting(.completionTimeout): stored.completionTimeout = nil
            case .instance(let name): stored.instances[name] = nil
            }
        }
    }
}
