import ArgumentParser
import HarborCore
import Foundation

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
