import HarborDoctor

/// The report as text: one line per check (`ok`, `warning`, `failure`, the check's key, what was
/// found), the fix under a line that is not ok, and a count at the end.
enum DoctorTextRenderer {
    static func render(_ report: DoctorReport) -> String {
        let keyWidth = (report.findings.map(\.check.count).max() ?? 0) + 2
        var text = "Doctor for \(report.instance)\n"
        for finding in report.findings {
            let status = finding.status.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
            text += status + finding.check.padding(toLength: keyWidth, withPad: " ", startingAt: 0) + finding.summary + "\n"
            if let fix = finding.fix { text += String(repeating: " ", count: 9 + keyWidth) + "fix: " + fix + "\n" }
        }
        let count = { (status: DoctorStatus) in report.findings.filter { $0.status == status }.count }
        text += "\(count(.ok)) ok, \(count(.warning)) warning\(count(.warning) == 1 ? "" : "s"), \(count(.failure)) failure\(count(.failure) == 1 ? "" : "s")\n"
        return text
    }
}
