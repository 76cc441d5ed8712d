import Foundation
import HarborTestSupport

/// The sandbox Harbor the real-client tests (Helm, Docker engine) log in to and pull from:
/// a private project `pkey` where alice is a developer, holding a chart.
enum RealClientSandbox {
    static let aliceSecret = "AliceCli1secret"
    static let chart = (name: "mychart", version: "0.1.0")
    static let fixture = SandboxFixture(
        users: [.init("alice", secret: aliceSecret)],
        projects: [
            .init("pkey", members: [.init("alice", .developer)], repositories: [.init(chart.name, kind: .chart, tags: [chart.version])])
        ])

    static let shared = SharedSandbox(fixture: fixture)
}
