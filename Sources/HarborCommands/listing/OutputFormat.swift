import ArgumentParser

/// `--format text|json` on commands that print data.
public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text
    case json
}
