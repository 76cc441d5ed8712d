/// What docker asked of us, read from the plugin's argv (docker/cli v28.2.2, cmd/docker/docker.go
/// `tryPluginRun`, cli/flags/options.go, cli-plugins/manager/cobra.go).
///
/// Docker runs the plugin with its own full argv: docker's global flags, then `harbor`, then our
/// arguments. Completion, help and metadata requests come in other shapes; a user may also run
/// `docker-harbor …` directly.
public struct DockerInvocation: Equatable, Sendable {
    public enum Mode: Equatable, Sendable {
        /// `docker-cli-plugin-metadata`
        case metadata
        /// Run the plugin with these arguments (help requests become `… --help`).
        case run([String])
        /// cobra's `__complete`: the words after `harbor`, the last one being completed.
        case complete([String], descriptions: Bool)
        /// `harbor docker-cli-plugin-hooks '<json>'`: docker asks for a hint after a command it ran
        /// (docker/cli v28.2.2, cli-plugins/manager/hooks.go); the JSON request, empty if docker
        /// sent none.
        case hook(String)
        /// docker's `-v`/`--version` before `harbor`.
        case version
    }

    public var mode: Mode
    /// `--config DIR` before `harbor`: overrides `DOCKER_CONFIG` (docker does not export it).
    public var configDirectory: String?
    /// `-D`/`--debug` before `harbor`.
    public var debug = false
    /// docker's global flags as typed before `harbor` (`-c/--context`, `-H/--host`, `--tls…`,
    /// …), for re-running docker with them: only docker reads them.
    public var globalArguments: [String] = []

    public static let metadataSubcommand = "docker-cli-plugin-metadata"
    public static let pluginName = "harbor"

    static let valueFlags: Set<String> = ["--config", "-c", "--context", "-H", "--host", "-l", "--log-level", "--tlscacert", "--tlscert", "--tlskey"]
    static let boolFlags: Set<String> = ["-D", "--debug", "--tls", "--tlsverify", "-h", "--help", "-v", "--version"]

    public struct UsageError: Error, Equatable, CustomStringConvertible, Sendable {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// Reads `arguments` (argv without argv[0]).
    public static func parse(_ arguments: [String]) throws(UsageError) -> DockerInvocation {
        var invocation = DockerInvocation(mode: .run([]))
        guard let first = arguments.first else { return invocation }

        if arguments == [metadataSubcommand] {
            invocation.mode = .metadata
            return invocation
        }
        if first == "__complete" || first == "__completeNoDesc" {
            // docker's stub passes `__complete harbor ARGS… TOCOMPLETE`; the legacy bash script
            // runs us directly as `__completeNoDesc ARGS…` without the `harbor` token.
            var words = Array(arguments.dropFirst())
            if first == "__complete", words.first == pluginName { words.removeFirst() }
            if words.isEmpty { words = [""] }
            invocation.mode = .complete(words, descriptions: first == "__complete")
            return invocation
        }

        var index = 0
        var help = false
        var version = false
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("-"), argument != "-" else { break }
            if argument == "--" { index += 1; break }
            let (name, inlineValue) = split(argument)
            if valueFlags.contains(name) {
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else {
                    guard index + 1 < arguments.count else { throw UsageError(description: "flag needs an argument: \(name)") }
                    value = arguments[index + 1]
                    index += 1
                }
                if name == "--config" { invocation.configDirectory = value }
            } else if boolFlags.contains(name) {
                let on = inlineValue.map { ["1", "t", "true", "TRUE", "True"].contains($0) } ?? true
                switch name {
                case "-D", "--debug": invocation.debug = on
                case "-h", "--help": help = on
                case "-v", "--version": version = on
                default: break
                }
            } else if name.hasPrefix("-"), !name.hasPrefix("--"), name.count > 2, name.dropFirst().allSatisfy({ "Dhv".contains($0) }) {
                // Combined short bools such as -Dv.
                if name.contains("D") { invocation.debug = true }
                if name.contains("h") { help = true }
                if name.contains("v") { version = true }
            } else {
                throw UsageError(description: "unknown flag: \(name)")
            }
            index += 1
        }

        invocation.globalArguments = Array(arguments[..<index]).filter { $0 != "--" }
        var rest = Array(arguments[index...])
        if rest.first == "help" {
            // `docker help harbor [SUB…]` means `docker harbor [SUB…] --help`.
            rest.removeFirst()
            if rest.first == pluginName { rest.removeFirst() }
            invocation.mode = .run(rest + ["--help"])
            return invocation
        }
        if rest.first == pluginName {
            rest.removeFirst()
            if rest.first == "docker-cli-plugin-hooks" {
                invocation.mode = .hook(rest.count > 1 ? rest[1] : "")
                return invocation
            }
        }
        if version {
            invocation.mode = .version
        } else if help {
            invocation.mode = .run(rest + ["--help"])
        } else {
            invocation.mode = .run(rest)
        }
        return invocation
    }

    static func split(_ argument: String) -> (String, String?) {
        guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else {
            // pflag also accepts -H=value and -Hvalue for shorthands with values.
            if !argument.hasPrefix("--"), argument.count > 2, let letter = argument.dropFirst().first, ["c", "H", "l"].contains(letter) {
                let value = argument.dropFirst(2)
                return ("-\(letter)", String(value.hasPrefix("=") ? value.dropFirst() : value))
            }
            return (argument, nil)
        }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }
}
