/// One line of `doctor`: judges what `DoctorFacts` gathered, without I/O of its own, so each
/// check can be driven by a test with facts of its choosing.
public protocol DoctorCheck: Sendable {
    /// The line's stable key (`--format json`'s `check`).
    var key: String { get }
    func evaluate(_ facts: DoctorFacts) -> DoctorFinding
}

/// The checks in the order the report shows them: the way to Harbor first (name, proxy, TLS,
/// clock), then what Harbor answers (token realm, JSON, version), then the login and who uses it
/// (credentials, docker, Helm), then what it may do (the default project).
public enum DoctorChecks {
    public static let all: [any DoctorCheck] = [
        HostResolutionCheck(), ProxyCheck(), TLSTrustCheck(), ClockSkewCheck(), TokenRealmCheck(), AnswerFormatCheck(),
        HarborVersionCheck(), CredentialCheck(), DockerLoginCheck(), HelmLoginCheck(), ProjectRoleCheck(),
    ]

    /// Every check's finding, in report order.
    public static func evaluate(_ facts: DoctorFacts, checks: [any DoctorCheck] = all) -> [DoctorFinding] {
        checks.map { $0.evaluate(facts) }
    }
}
