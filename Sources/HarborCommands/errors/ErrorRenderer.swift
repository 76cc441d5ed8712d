import HarborCore
import HarborRegistry

/// Turns errors into what the user reads on stderr: the problem, where it is, and what to do;
/// with `-D`/`--debug`, what the layer below said. The one place that lays errors out, for
/// docker and Helm alike:
///
///     Error: cannot reach registry.example.com: cannot connect to registry.example.com: connection refused
///       is Harbor reachable at registry.example.com? Check the port, …
///
/// Both hosts print their own line after ours only for Helm (`Error: plugin "harbor" exited
/// with error`, helm/helm pkg/cmd/load_plugins.go v4.0; cmd/helm/load_plugins.go v3); docker
/// passes the status through and prints nothing (docker/cli cmd/docker/docker.go).
public enum ErrorRenderer {
    /// The lines for `error`; nil for errors that are not `UserFacingError` (ArgumentParser's).
    public static func render(_ error: any Error, debug: Bool = false) -> String {
        guard let error = error as? any UserFacingError else { return "Error: \(error)" }
        var lines = ["Error: \(error.message)"]
        if let error = error as? ReferenceError, let position = error.position, position >= 1, !error.input.contains("\n") {
            // A caret under the character that is wrong.
            lines.append("  \(error.input)")
            let prefix = error.input.unicodeScalars.prefix(position - 1).map { $0 == "\t" ? "\t" : " " }.joined()
            lines.append("  \(prefix)^")
        }
        if let hint = error.hint { lines.append("  \(hint)") }
        if debug, let detail = error.debugDetail {
            lines.append("  debug: \(TraceRedaction.redact(detail))")
        }
        return lines.joined(separator: "\n")
    }

    /// The status `error` exits with under `flavor`.
    public static func exitCode(for error: any Error, flavor: PluginFlavor) -> Int32 {
        flavor.exitCode((error as? any UserFacingError)?.exitStatus ?? .failure)
    }
}
