/// The release of the plugins. plugin.yaml's `version` must equal it (a test checks).
public enum HarborVersion {
    public static let current = "0.1.0"
    public static let vendor = "T-Systems DevOps-as-a-Service"
    public static let url = "https://github.com/t-systems-devops/harbor-plugins"
}
