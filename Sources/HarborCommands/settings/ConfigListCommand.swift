import ArgumentParser
import HarborCore
import Foundation

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
