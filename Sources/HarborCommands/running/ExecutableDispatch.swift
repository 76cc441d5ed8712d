/// One executable, three programs: install.sh installs a single binary as `docker-harbor` and
/// links `helm-harbor` and `docker-credential-harbor` to it; the name it was started under
/// (argv[0]) says which program to be.
public enum ExecutableDispatch {
    public enum Program: Sendable, Equatable {
        case dockerPlugin
        case helmPlugin
        case credentialHelper
    }

    /// The program for `argv0` (a path or a bare name), or `fallback` for any other name.
    public static func program(forArgv0 argv0: String, fallback: Program) -> Program {
        let name = argv0.split(separator: "/").last.map(String.init) ?? argv0
        switch name {
        case "docker-harbor": return .dockerPlugin
        case "helm-harbor": return .helmPlugin
        case CredentialHelperMain.executableName: return .credentialHelper
        default: return fallback
        }
    }

    /// Runs the program `argv` (argv[0] included) names and returns its exit status.
    public static func main(argv: [String], fallback: Program) async -> Int32 {
        let arguments = Array(argv.dropFirst())
        switch program(forArgv0: argv.first ?? "", fallback: fallback) {
        case .dockerPlugin:
            if arguments == [DockerInvocation.metadataSubcommand] {
                // Docker runs this for every plugin on every `docker --help`: answer at once.
                Output.standard.write(DockerPluginMetadata.json)
                return 0
            }
            return await DockerPluginMain.main(arguments: arguments)
        case .helmPlugin:
            return await HelmPluginMain.main(arguments: arguments)
        case .credentialHelper:
            return CredentialHelperMain.main(arguments: arguments)
        }
    }
}
