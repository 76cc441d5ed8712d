import ArgumentParser
import HarborCore

/// `docker harbor config …`: the plugins' own settings (not docker's config.json).
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "View and change the plugins' settings",
        discussion: """
            Settings live in $XDG_CONFIG_HOME/harbor/settings.json (or $HARBOR_CONFIG_DIR) and are \
            shared by docker harbor and helm harbor. HARBOR_INSTANCE, HARBOR_PROJECT, \
            HARBOR_HOST_TEMPLATE, HARBOR_ROBOT_PREFIXES and HARBOR_STORE override them.

            Keys:
              instance        \(SettingKey.instance.summary)
              project         \(SettingKey.project.summary)
              host-template   \(SettingKey.hostTemplate.summary)
              robot-prefixes  \(SettingKey.robotPrefixes.summary)
              store           \(SettingKey.store.summary)
              completion-ttl  \(SettingKey.completionTTL.summary)
              completion-timeout  \(SettingKey.completionTimeout.summary)
              instances.NAME  a named instance: NAME → HOST[:PORT]
            """,
        subcommands: [ConfigListCommand.self, ConfigGetCommand.self, ConfigSetCommand.self, ConfigUnsetCommand.self, ConfigPathCommand.self],
        defaultSubcommand: ConfigListCommand.self
    )
}

/// A key as typed: one of `SettingKey` or `instances.NAME`.
enum ConfigKey: Equatable {
    case setting(SettingKey)
    case instance(String)

    init(_ text: String) throws {
        if let key = SettingKey(rawValue: text) {
            self = .setting(key)
        } else if text.hasPrefix("instances."), text.count > "instances.".count {
            let name = String(text.dropFirst("instances.".count))
            if let issue = Instance.customerNameIssue(name.lowercased()) {
                throw CommandFailure("'\(name)' cannot name an instance: \(issue)", exitCode: .usage)
            }
            self = .instance(name)
        } else {
            let known = SettingKey.allCases.map(\.rawValue) + ["instances.NAME"]
            throw CommandFailure("unknown setting '\(text)'", hint: "known settings: \(known.joined(separator: ", "))", exitCode: .usage)
        }
    }

    static func candidates(prefix: String, context: CommandContext) -> CompletionResult {
        var all = SettingKey.allCases.map { CompletionCandidate($0.rawValue, $0.summary) }
        if let settings = try? context.settings() {
            all += settings.instances.keys.sorted().map { CompletionCandidate("instances.\($0)", settings.instances[$0]) }
        }
        return CompletionResult(all.filter { $0.value.hasPrefix(prefix) })
    }
}

/// `config get|set|unset KEY …`: the first argument completes to the setting keys.
protocol ConfigKeyCompleting: CompletionDescribing {}

extension ConfigKeyCompleting {
    static func completePositional(_ index: Int, prefix: String, context: CommandContext) -> CompletionResult {
        index == 0 ? ConfigKey.candidates(prefix: prefix, context: context) : CompletionResult([])
    }
}

struct ConfigListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Show the settings in effect and where each comes from")

    @OptionGroup var formatting: OutputFormatOption

    struct Entry: Encodable {
        let key: String
        let value: String?
        let source: String
    }

    func run() async throws {
        let context = CommandContext.current
        let settings = try context.settings()
        var entries: [Entry] = [
            Entry(key: SettingKey.instance.rawValue, value: settings.instance, source: settings.sources[.instance]?.description ?? "default"),
            Entry(key: SettingKey.project.rawValue, value: settings.project, source: settings.sources[.project]?.description ?? "default"),
            Entry(key: SettingKey.hostTemplate.rawValue, value: settings.hostTemplate.pattern, source: settings.sources[.hostTemplate]?.description ?? "default"),
            Entry(key: SettingKey.robotPrefixes.rawValue, value: settings.robotPrefixes.joined(separator: ","), source: settings.sources[.robotPrefixes]?.description ?? "default"),
            Entry(key: SettingKey.store.rawValue, value: settings.storeInFile ? "file" : "docker", source: settings.sources[.store]?.description ?? "default"),
            Entry(key: SettingKey.completionTTL.rawValue, value: settings.completionTTL.map { "\($0)" }, source: settings.sources[.completionTTL]?.description ?? "default"),
            Entry(key: SettingKey.completionTimeout.rawValue, value: settings.completionTimeout.map { "\($0)" }, source: settings.sources[.completionTimeout]?.description ?? "default"),
        ]
        let file = SettingsFile(environment: context.environment).path
        entries += settings.instances.keys.sorted().map { Entry(key: "instances.\($0)", value: settings.instances[$0], source: file) }
        switch formatting.format {
        case .json:
            context.output.print(try JSONOutput.string(entries))
        case .text:
            for entry in entries {
                let key = entry.key.padding(toLength: 16, withPad: " ", startingAt: 0)
                context.output.print("\(key)\(entry.value ?? "(not set)")  [\(entry.source)]")
            }
        }
    }
}

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

struct ConfigPathCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "path", abstract: "Print where the settings file is")

    func run() async throws {
        let context = CommandContext.current
        context.output.print(SettingsFile(environment: context.environment).path)
    }
}

import Foundation
