import ArgumentParser
import Foundation

/// A command's help, read from ArgumentParser's own description of the command tree: the
/// `--experimental-dump-help` JSON (ToolInfoV0 in swift-argument-parser 1.8.2,
/// Sources/ArgumentParserToolInfo/ToolInfo.swift). The ArgumentParser definitions stay the one
/// source of truth; `DockerHelpRenderer` and `HelmHelpRenderer` only lay them out, and
/// completion reads its flags from the same model (`FlagSet`).
package struct CommandHelpModel: Decodable, Sendable {
    struct Name: Decodable, Sendable {
        var kind: String
        var name: String
    }

    package struct Argument: Decodable, Sendable {
        var kind: String
        var shouldDisplay: Bool
        var isOptional: Bool
        var isRepeating: Bool
        var names: [Name]?
        package var valueName: String?
        var defaultValue: String?
        package var abstract: String?
        /// Every value an enumerable option accepts (`OutputFormat`: text, json).
        var allValues: [String]?
        /// `completion:` of the definition, e.g. `{"file":{"extensions":[]}}`.
        var completionKind: CompletionKind?

        struct CompletionKind: Decodable, Sendable {
            struct Present: Decodable, Sendable {}
            var file: Present?
        }

        package var longName: String? { names?.first { $0.kind == "long" }?.name }
        var shortName: String? { names?.first { $0.kind == "short" }?.name }
        /// The help and version flags ArgumentParser adds to every command.
        var isGenerated: Bool { longName == "help" || longName == "version" }
    }

    package var commandName: String
    var abstract: String?
    var discussion: String?
    var shouldDisplay: Bool?
    package var subcommands: [CommandHelpModel]?
    package var arguments: [Argument]?

    var visibleSubcommands: [CommandHelpModel] {
        (subcommands ?? []).filter { $0.shouldDisplay != false && $0.commandName != "help" }
    }

    /// Options and flags as the user sees them, without the generated help and version flags.
    var visibleOptions: [Argument] {
        (arguments ?? []).filter { $0.shouldDisplay && $0.kind != "positional" && !$0.isGenerated }
    }

    var positionals: [Argument] {
        (arguments ?? []).filter { $0.shouldDisplay && $0.kind == "positional" }
    }

    /// The subcommand at `path` (names below this command), or nil.
    func descendant(_ path: [String]) -> CommandHelpModel? {
        guard let first = path.first else { return self }
        return subcommands?.first { $0.commandName == first }?.descendant(Array(path.dropFirst()))
    }

    private struct Tool: Decodable {
        var command: CommandHelpModel
    }

    /// The tree of `root`, as ArgumentParser describes it.
    package static func load(root: any ParsableCommand.Type) -> CommandHelpModel? {
        let json: String
        do {
            _ = try root.parseAsRoot(["--experimental-dump-help"])
            return nil
        } catch {
            json = root.fullMessage(for: error)
        }
        return try? JSONDecoder().decode(Tool.self, from: Data(json.utf8)).command
    }

    /// `command` alone (with its subcommands, not its parents): what a TAB needs, at the cost of
    /// one command's description instead of the whole tree's.
    static func load(command: any ParsableCommand.Type) -> CommandHelpModel? {
        try? JSONDecoder().decode(Tool.self, from: Data(command._dumpHelp().utf8)).command
    }
}
