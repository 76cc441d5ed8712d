/// `docker harbor pull|run --wait-scan [--timeout SECONDS]`: wait until Harbor's vulnerability scan of
/// the image is done before docker pulls it. Both are taken out before docker sees the arguments, and
/// only before the image (after it, everything is the container's command).
package struct WaitScanOption: Equatable {
    package var timeout: Int?

    package init(timeout: Int?) { self.timeout = timeout }

    /// Removes our flags from `arguments`; nil when `--wait-scan` is not among them.
    package static func extract(_ arguments: inout [String]) throws -> WaitScanOption? {
        var kept: [String] = []
        var wait = false
        var timeout: Int?
        var index = 0
        var passedImage = false
        while index < arguments.count {
            let argument = arguments[index]
            if passedImage || argument == "--" {
                kept.append(argument)
            } else if argument == "--wait-scan" {
                wait = true
            } else if argument == "--timeout" || argument.hasPrefix("--timeout=") {
                let value: String
                if argument == "--timeout" {
                    guard index + 1 < arguments.count else {
                        throw CommandFailure("--timeout needs a number of seconds", hint: "e.g. --wait-scan --timeout 300", exitCode: .usage)
                    }
                    index += 1
                    value = arguments[index]
                } else {
                    value = String(argument.dropFirst("--timeout=".count))
                }
                guard let seconds = try? CommandTimeout.seconds(from: value) else {
                    throw CommandFailure("the value '\(value)' is invalid for --timeout", hint: "give a whole number of seconds, at least 1", exitCode: .usage)
                }
                timeout = seconds
            } else {
                kept.append(argument)
                // The first word that is not a flag is the image (docker's own value flags take `--flag=value` here).
                if !argument.hasPrefix("-") && (kept.count < 2 || !Self.takesValue(kept[kept.count - 2])) { passedImage = true }
            }
            index += 1
        }
        guard wait else { return nil }
        arguments = kept
        return WaitScanOption(timeout: timeout)
    }

    /// docker flags of pull/run that take a separate value, so their value is not mistaken for the image.
    static func takesValue(_ flag: String) -> Bool {
        guard flag.hasPrefix("-"), !flag.contains("=") else { return false }
        return ["--platform", "-e", "--env", "-v", "--volume", "-p", "--publish", "--name", "-w", "--workdir", "-u", "--user",
                "--network", "--entrypoint", "-l", "--label", "--env-file", "--mount", "-h", "--hostname", "--cpus", "-m", "--memory"]
            .contains(flag)
    }
}
