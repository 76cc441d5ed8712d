import Foundation
import HarborCore

/// `harbor-sandbox --demo`: one user, one private project with a chart in it, and a chart ready to push.
public enum DemoFixture {
    public static let username = "demo"
    public static let project = "demo"
    public static let chartName = "hello"

    public static func make() -> (fixture: Fixture, secret: String) {
        // Harbor's own rules for a CLI secret: ≥ 8 characters with upper, lower and digit.
        let secret = "Demo" + randomAlphanumeric(20) + "9a"
        let fixture = Fixture(
            users: [Fixture.User(username: username, secret: secret)],
            projects: [
                Fixture.Project(
                    name: project, public: false,
                    members: [Fixture.Member(username: username, role: ProjectRole.developer.rawValue)],
                    repositories: [Fixture.SeedRepository(name: chartName, kind: .chart, tags: ["0.1.0"])]),
                Fixture.Project(name: "library", public: true),
            ])
        return (fixture, secret)
    }

    /// Writes `hello-0.2.0.tgz` (a version not yet in the registry) for trying a push; returns its path.
    public static func writePushableChart(into directory: String) -> String? {
        let chart = HelmChart(name: chartName, version: "0.2.0")
        let path = URL(fileURLWithPath: directory).appendingPathComponent("\(chartName)-0.2.0.tgz")
        do {
            try chart.archive.write(to: path)
            return path.path
        } catch {
            return nil
        }
    }

    public static func instructions(info: SandboxInfo, secret: String) -> String {
        let chart = writePushableChart(into: info.dataDirectory) ?? "\(chartName)-0.2.0.tgz"
        let insecure = info.baseURL.hasPrefix("http://") ? " --plain-http" : ""
        return """

            Harbor sandbox (Harbor 2.7, OIDC mode) is running at \(info.baseURL)
              user:       \(username)
              CLI secret: \(secret)
              project:    \(project) (private, \(username) is developer), with chart \(project)/\(chartName):0.1.0
              public:     library

            Log in once for docker and Helm with the plugins, then use the tools as usual:
              printf '%s' '\(secret)' | docker harbor login \(info.host) -u \(username) --password-stdin
              docker harbor use \(info.host) \(project)
              docker harbor status --check
              helm push \(chart) oci://\(info.host)/\(project)\(insecure)
              helm pull oci://\(info.host)/\(project)/\(chartName) --version 0.1.0\(insecure)

            Or with the plain tools:
              printf '%s' '\(secret)' | helm registry login \(info.host) -u \(username) --password-stdin\(insecure)
              curl -u '\(username):\(secret)' '\(info.baseURL)/api/v2.0/projects?with_detail=true'

            Press Ctrl-C to stop.

            """
    }
}
