import HarborCore

/// Turns errors into what the user reads on stderr: the problem, where it is, and what to do.
public enum ErrorRenderer {
    public static func render(_ error: any Error) -> String {
        switch error {
        case let error as ReferenceError:
            var lines = ["Error: \(error.description.split(separator: "\n", maxSplits: 1)[0])"]
            if let position = error.position, position >= 1, !error.input.contains("\n") {
                lines.append("  \(error.input)")
                let prefix = error.input.unicodeScalars.prefix(position - 1).map { $0 == "\t" ? "\t" : " " }.joined()
                lines.append("  \(prefix)^")
            }
            if let hint = error.hint { lines.append("  \(hint)") }
            return lines.joined(separator: "\n")
        case let error as CommandFailure:
            return (["Error: \(error.message)"] + (error.hint.map { ["  \($0)"] } ?? [])).joined(separator: "\n")
        case let error as InstanceError:
            return (["Error: \(error.message)"] + (error.hint.map { ["  \($0)"] } ?? [])).joined(separator: "\n")
        default:
            return "Error: \(error)"
        }
    }

    public static func exitCode(for error: any Error) -> Int32 {
        (error as? CommandFailure)?.exitCode ?? 1
    }
}
