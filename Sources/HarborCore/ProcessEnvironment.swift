import Foundation

/// The environment a command runs in: variables and the home directory.
/// Commands take it as a value so tests can give each run its own HOME and variables.
public struct ProcessEnvironment: Sendable {
    public var variables: [String: String]
    public var homeDirectory: String

    public init(variables: [String: String], homeDirectory: String? = nil) {
        self.variables = variables
        self.homeDirectory = homeDirectory ?? variables["HOME"] ?? NSHomeDirectory()
    }

    public static var current: ProcessEnvironment {
        ProcessEnvironment(variables: ProcessInfo.processInfo.environment)
    }

    /// The value of a variable; an empty value counts as unset.
    public subscript(_ name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        return value
    }

    /// `$XDG_CONFIG_HOME`, else `~/.config`.
    public var configHome: String { self["XDG_CONFIG_HOME"] ?? homeDirectory + "/.config" }
    /// `$XDG_STATE_HOME`, else `~/.local/state`.
    public var stateHome: String { self["XDG_STATE_HOME"] ?? homeDirectory + "/.local/state" }
    /// `$XDG_CACHE_HOME`, else `~/.cache`.
    public var cacheHome: String { self["XDG_CACHE_HOME"] ?? homeDirectory + "/.cache" }

    /// Where the plugins keep their own settings: `$HARBOR_CONFIG_DIR`, else `$XDG_CONFIG_HOME/harbor`.
    public var harborConfigDirectory: String { self["HARBOR_CONFIG_DIR"] ?? configHome + "/harbor" }
}
