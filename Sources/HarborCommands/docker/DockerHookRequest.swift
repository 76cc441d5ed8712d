import Foundation

/// What docker sends a plugin hook after a command it ran: `{"RootCmd":"login","Flags":{…},
/// "CommandError":"…"}` (docker/cli v28.2.2, cli-plugins/manager/hooks.go `HookPluginData`).
/// `RootCmd` is the configured hook that matched (`login`, `pull`, `push`); `CommandError` is
/// the failed command's error text, empty after a success.
package struct DockerHookRequest: Decodable, Equatable, Sendable {
    var rootCommand: String
    var flags: [String: String]
    var commandError: String

    enum CodingKeys: String, CodingKey {
        case rootCommand = "RootCmd"
        case flags = "Flags"
        case commandError = "CommandError"
    }

    package init(rootCommand: String, flags: [String: String] = [:], commandError: String) {
        self.rootCommand = rootCommand
        self.flags = flags
        self.commandError = commandError
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        rootCommand = try container.decodeIfPresent(String.self, forKey: .rootCommand) ?? ""
        flags = (try? container.decodeIfPresent([String: String].self, forKey: .flags)) ?? [:]
        commandError = try container.decodeIfPresent(String.self, forKey: .commandError) ?? ""
    }

    /// Reads docker's JSON argument; nil for anything that is not such a request.
    static func parse(_ json: String) -> DockerHookRequest? {
        try? JSONDecoder().decode(DockerHookRequest.self, from: Data(json.utf8))
    }
}
