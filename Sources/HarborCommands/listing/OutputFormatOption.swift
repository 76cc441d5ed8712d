import ArgumentParser

/// `--format text|json`, declared once for the commands that print data (`parse`, `version`,
/// `config list`, `helm harbor push`): one help text, and its values complete from `OutputFormat`.
struct OutputFormatOption: ParsableArguments {
    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text
}
