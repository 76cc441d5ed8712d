/// How one line of `doctor` came out.
public enum DoctorStatus: String, Sendable, Codable, Comparable {
    /// Works as it should.
    case ok
    /// Works for now, or could not be checked, but deserves attention.
    case warning
    /// Broken: docker, Helm or the plugins will fail because of it.
    case failure

    private var rank: Int {
        switch self {
        case .ok: 0
        case .warning: 1
        case .failure: 2
        }
    }

    public static func < (lhs: DoctorStatus, rhs: DoctorStatus) -> Bool { lhs.rank < rhs.rank }
}

/// One line of the report: which check (`check`, a stable key for `--format json`), how it came
/// out, what was found, and what to do when it is not ok.
public struct DoctorFinding: Sendable, Codable, Equatable {
    public let check: String
    public let status: DoctorStatus
    public let summary: String
    public let fix: String?

    public init(check: String, status: DoctorStatus, summary: String, fix: String? = nil) {
        self.check = check
        self.status = status
        self.summary = summary
        self.fix = status == .ok ? nil : fix
    }

    public static func ok(_ check: String, _ summary: String) -> DoctorFinding {
        DoctorFinding(check: check, status: .ok, summary: summary)
    }

    public static func warning(_ check: String, _ summary: String, fix: String? = nil) -> DoctorFinding {
        DoctorFinding(check: check, status: .warning, summary: summary, fix: fix)
    }

    public static func failure(_ check: String, _ summary: String, fix: String? = nil) -> DoctorFinding {
        DoctorFinding(check: check, status: .failure, summary: summary, fix: fix)
    }
}
