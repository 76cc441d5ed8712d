import HarborCore

/// Where Helm keeps registry credentials (helm/helm pkg/cli/environment.go, pkg/helmpath,
/// v3.21.4 and v4.2.4): `$HELM_REGISTRY_CONFIG` (Helm always exports it to plugins), else
/// `$HELM_CONFIG_HOME/registry/config.json`, else `$XDG_CONFIG_HOME/helm/registry/config.json`,
/// else the OS default config directory.
public struct HelmRegistryConfigLocation: Sendable, Equatable {
    public let path: String

    public init(environment: ProcessEnvironment) {
        if let explicit = environment["HELM_REGISTRY_CONFIG"] {
            path = explicit
        } else if let configHome = environment["HELM_CONFIG_HOME"] {
            // With HELM_CONFIG_HOME there is no `helm/` sub-directory.
            path = configHome + "/registry/config.json"
        } else if let xdg = environment["XDG_CONFIG_HOME"] {
            path = xdg + "/helm/registry/config.json"
        } else {
            #if os(macOS)
            path = environment.homeDirectory + "/Library/Preferences/helm/registry/config.json"
            #else
            path = environment.homeDirectory + "/.config/helm/registry/config.json"
            #endif
        }
    }

    public init(path: String) { self.path = path }
}
