import Foundation

/// One artifact's vulnerability scan as the sandbox keeps it: its status and, once it succeeded,
/// what the scanner found. Harbor's report summary (goharbor/harbor v2.7.0,
/// src/pkg/scan/vuln/summary.go `NativeReportSummary`) is built from it.
struct ScanOverview: Codable, Sendable, Equatable {
    /// Harbor's job statuses (src/jobservice/job/status.go): `Pending`, `Running`, `Success`, `Error`, `Stopped`.
    var status: String
    var vulnerabilities: [Vulnerability]
    var startTime: Date
    var endTime: Date?

    struct Vulnerability: Codable, Sendable, Equatable {
        var id: String
        var severity: VulnerabilitySeverity
        var package: String
        var version: String
        var fixVersion: String

        init(id: String, severity: VulnerabilitySeverity, package: String = "", version: String = "", fixVersion: String = "") {
            self.id = id
            self.severity = severity
            self.package = package
            self.version = version
            self.fixVersion = fixVersion
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                id: try c.decode(String.self, forKey: .id), severity: try c.decode(VulnerabilitySeverity.self, forKey: .severity),
                package: try c.decodeIfPresent(String.self, forKey: .package) ?? "",
                version: try c.decodeIfPresent(String.self, forKey: .version) ?? "",
                fixVersion: try c.decodeIfPresent(String.self, forKey: .fixVersion) ?? "")
        }
    }

    static let statuses = ["Pending", "Running", "Success", "Error", "Stopped"]
    /// The report MIME type the overview is keyed by (src/pkg/scan/rest/v1/models.go).
    static let reportMimeType = "application/vnd.security.vulnerability.report; version=1.1"

    var succeeded: Bool { status == "Success" }

    /// The highest severity found; `None` for a clean image (GetVulnerable, src/controller/scan/base_controller.go).
    var highest: VulnerabilitySeverity? {
        guard succeeded else { return nil }
        return vulnerabilities.map(\.severity).max() ?? VulnerabilitySeverity.none
    }

    func count(_ severity: VulnerabilitySeverity) -> Int { vulnerabilities.filter { $0.severity == severity }.count }

    /// `scan_overview` on an artifact listed `with_scan_overview=true`.
    func overviewJSON(reportID: String) -> JSONValue {
        var summary: [String: JSONValue] = [:]
        for severity in VulnerabilitySeverity.allCases where count(severity) > 0 {
            summary[severity.rawValue] = .number(Double(count(severity)))
        }
        var report: [String: JSONValue] = [
            "report_id": .string(reportID),
            "scan_status": .string(status),
            "severity": .string(highest?.rawValue ?? VulnerabilitySeverity.unknown.rawValue),
            "duration": .number(endTime.map { Double(Int($0.timeIntervalSince(startTime))) } ?? 0),
            "start_time": .string(harborTime(startTime)),
            "end_time": .string(endTime.map(harborTime) ?? "0001-01-01T00:00:00.000Z"),
            "complete_percent": .number(succeeded ? 100 : 0),
            "scanner": .object(["name": .string("Trivy"), "vendor": .string("Aqua Security"), "version": .string("v0.35.0")]),
        ]
        if succeeded {
            report["summary"] = .object([
                "total": .number(Double(vulnerabilities.count)),
                "fixable": .number(Double(vulnerabilities.filter { !$0.fixVersion.isEmpty }.count)),
                "summary": .object(summary),
            ])
        }
        return .object([ScanOverview.reportMimeType: .object(report)])
    }

    /// `GET …/artifacts/{ref}/additions/vulnerabilities` (src/server/v2.0/handler/artifact.go `GetVulnerabilitiesAddition`).
    func reportJSON(repository: String, digest: String) -> JSONValue {
        .object([
            ScanOverview.reportMimeType: .object([
                "generated_at": .string(harborTime(endTime ?? startTime)),
                "artifact": .object(["repository": .string(repository), "digest": .string(digest)]),
                "scanner": .object(["name": .string("Trivy"), "vendor": .string("Aqua Security"), "version": .string("v0.35.0")]),
                "severity": .string(highest?.rawValue ?? VulnerabilitySeverity.unknown.rawValue),
                "vulnerabilities": .array(
                    vulnerabilities.sorted { ($0.severity, $1.id) > ($1.severity, $0.id) }.map { vulnerability in
                        .object([
                            "id": .string(vulnerability.id), "package": .string(vulnerability.package),
                            "version": .string(vulnerability.version), "fix_version": .string(vulnerability.fixVersion),
                            "severity": .string(vulnerability.severity.rawValue), "description": .string(""),
                            "links": .array([.string("https://avd.aquasec.com/nvd/\(vulnerability.id.lowercased())")]),
                        ])
                    }),
            ])
        ])
    }
}
