import Foundation
import HarborTestSupport

/// The sandbox Harbor the real-client tests (Helm, Docker engine) log in to and pull from:
/// a private project `pkey` where alice is a developer, holding a chart.
actor RealClientSandbox {
    static let shared = RealClientSandbox()
    static let aliceSecret = "AliceCli1secret"
    static let chart = (name: "mychart", version: "0.1.0")
    static let fixture = SandboxFixture(
        users: [.init("alice", secret: aliceSecret)],
        projects: [
            .init("pkey", members: [.init("alice", .developer)], repositories: [.init(chart.name, kind: .chart, tags: [chart.version])])
        ])

    private var task: Task<SandboxProcess, any Error>?

    func get() async throws -> SandboxProcess {
        if let task { return try await task.value }
        let started = Task { try await SandboxProcess.start(fixture: Self.fixture) }
        task = started
        return try await started.value
    }
}
