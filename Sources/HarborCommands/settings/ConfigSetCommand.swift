import ArgumentParser
import HarborCore
import Foundation

struct ConfigSetCommand: AsyncParsableCommand, ConfigKeyCompleting {
    static let configuration = CommandConfiguration(commandName: "set", abstract: "Change a setting")

    @Argument(help: ArgumentHelp("The setting.", valueName: "key"))
    var key: String

    @Argument(help: ArgumentHelp("Its new value.", valueName: "value"))
    var value: String

    func run() async throws {
        let context = CommandContext.current
        let key = try ConfigKey(key)
        let settings = try context.settings()
        // Check the value before anything is written.
        switch key {
        case .setting(.instance):
            do { _ = try Instance.resolve(value, settings: settings) } catch { throw CommandFailure(error.message, hint: error.hint, exitCode: .usage) }
        case .setting(.project):
            if let issue = ImageReference.projectNameIssue(value) { throw CommandFailure(issue, exitCode: .usage) }
        case .setting(.hostTemplate):
            do { _ = try HostTemplate(value) } catch { throw CommandFailure(error.message, hint: error.hint, exitCode: .usage) }
        case .setting(.robotPrefixes):
            if value.split(separator: ",").allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                throw CommandFailure("robot-prefixes needs at least one prefix", hint: "for example: robot$,doaas-", exitCode: .usage)
            }
        case .setting(.store):
            guard EffectiveSettings.storeValues.contains(value) else {
                throw CommandFailure("'\(value)' is not a value for store", hint: "use 'docker' (docker's credential store, as docker login) or 'file' (plain text in config.json)", exitCode: .usage)
            }
        case .setting(.completionTTL), .setting(.completionTimeout):
            if EffectiveSettings.seconds(value) == nil {
                throw CommandFailure("'\(value)' is not a number of seconds", hint: "for example: 300, or 0.5", exitCode: .usage)
            }
        case .instance:
            guard ReferenceGrammar.isValidDomain(value), value.contains(".") || value.contains(":") || value == "localhost" else {
                throw CommandFailure("'\(value)' is not a registry host", hint: "give HOST[:PORT], e.g. harbor.example.com", exitCode: .usage)
            }
        }
        try SettingsFile(environment: context.environment).update { stored in
            switch key {
            case .setting(.instance): stored.instance = value
            case .setting(.project): stored.project = value
            case .setting(.hostTemplate): stored.hostTemplate = value
            case .setting(.store): stored.store = value
            case .setting(.robotPrefixes):
                stored.robotPrefixes = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            case .setting(.completionTTL): stored.completionTTL = value
            case .setting(.completionTimeout): stored.completionTimeout = value
            case .instance(let name): stored.instances[name] = value
            }
        }
        if case .setting(let setting) = key, let override = context.environment[setting.environmentVariable] {
            context.output.printError("Warning: \(setting.environmentVariable)=\(override) is set and overrides this setting.")
        }
    }
}
