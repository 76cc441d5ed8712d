import HarborCore

/// Which host program runs us: docker (as a CLI plugin) or helm (as a Helm plugin).
public enum PluginFlavor: Sendable {
    case docker
    case helm

    /// How the user types our commands: `docker harbor` or `helm harbor`.
    public var commandPath: String {
        switch self {
        case .docker: "docker harbor"
        case .helm: "helm harbor"
        }
    }

    /// Exit status for usage mistakes: docker's cobra uses 125, helm's 1.
    public var usageExitCode: Int32 {
        switch self {
        case .docker: 125
        case .helm: 1
        }
    }

    /// What every request says it comes from: `docker-harbor/VERSION`, `helm-harbor/VERSION`.
    public var userAgent: String {
        switch self {
        case .docker: "docker-harbor/\(HarborVersion.current)"
        case .helm: "helm-harbor/\(HarborVersion.current)"
        }
    }

    /// The number `status` exits with under this host program.
    public func exitCode(_ status: ExitStatus) -> Int32 {
        status.code(usage: usageExitCode)
    }
}
