import HarborCore

/// `result.status == ExitStatus.timeout` in tests: whether a process's status is that
/// status's number (never true for `.usage`, whose number depends on the host program:
/// compare with `PluginFlavor.exitCode(_:)` there).
public func == (status: Int32, expected: ExitStatus) -> Bool {
    expected.fixedCode == status
}
