import HarborDoctor

/// What `doctor` prints: the instance and every line, in order.
struct DoctorReport: Sendable, Encodable {
    let instance: String
    let findings: [DoctorFinding]

    /// The worst line: failure if any failed, else warning if any warned, else ok.
    var status: DoctorStatus { findings.map(\.status).max() ?? .ok }

    enum CodingKeys: String, CodingKey { case instance, status, checks }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(instance, forKey: .instance)
        try container.encode(status, forKey: .status)
        try container.encode(findings, forKey: .checks)
    }
}
