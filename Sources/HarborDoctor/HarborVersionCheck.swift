import Foundation
import HarborAPI

/// `version`: Harbor's version and authentication mode from `GET /api/v2.0/systeminfo` (one of the
/// paths a CLI secret may call in 2.7: goharbor/harbor src/server/middleware/security/oidc_cli.go).
public struct HarborVersionCheck: DoctorCheck {
    public let key = "version"
    public init() {}

    public func evaluate(_ facts: DoctorFacts) -> DoctorFinding {
        guard case .answered(let status, _, let body) = facts.systemInfo else { return .warning(key, "not known: systeminfo was not read") }
        guard (200..<300).contains(status), let info = try? JSONDecoder().decode(HarborSystemInfo.self, from: Data(body)) else {
            return .warning(key, "not known: systeminfo answered \(status) without Harbor's JSON (see the answer line)")
        }
        let version = info.harborVersion ?? "unknown version"
        guard let mode = info.authMode else { return .ok(key, "Harbor \(version)") }
        if mode != "oidc_auth" {
            return .warning(key, "Harbor \(version), authentication mode \(mode), not OIDC", fix: "log in with your Harbor password rather than a CLI secret")
        }
        return .ok(key, "Harbor \(version), OIDC sign-in (CLI secrets)")
    }
}
