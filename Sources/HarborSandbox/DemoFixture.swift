import Foundation
import HarborCore

/// `harbor-sandbox --demo`: one user, one private project with a chart and an image in it, and a
/// chart ready to push; and the commands to try, which work on the machine the sandbox runs on.
public enum DemoFixture {
    public static let username = "demo"
    public static let project = "demo"
    public static let chartName = "hello"
    public static let imageName = "hello-app"
    public static let imageTag = "1.0"
    /// The heading above the commands; everything from it to the next blank line is one command a line.
    public static let commandsHeading = "Try the plugins (./install.sh installed them); run these in order:"

    public static func make() -> (fixture: Fixture, secret: String) {
        // Harbor's own rules for a CLI secret: ≥ 8 characters with upper, lower and digit.
        let secret = "Demo" + randomAlphanumeric(20) + "9a"
        let fixture = Fixture(
            users: [Fixture.User(username: username, secret: secret)],
            projects: [
                Fixture.Project(
                    name: project, public: false,
                    members: [Fixture.Member(username: username, role: ProjectRole.developer.rawValue)],
                    repositories: [
                        Fixture.SeedRepository(name: chartName, kind: .chart, tags: ["0.1.0"]),
                        Fixture.SeedRepository(name: imageName, kind: .image, tags: [imageTag]),
                    ]),
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

    /// `storeProblem`: why docker's default credential store cannot take the login here (pass
    /// without `pass init`, no D-Bus session), in one line; the login then keeps the secret in
    /// config.json (`--file-store`), where docker reads it too.
    public static func instructions(info: SandboxInfo, secret: String, storeProblem: String? = nil, harborVersion: String = "v2.7.0-sandbox") -> String {
        let chart = writePushableChart(into: info.dataDirectory) ?? "\(chartName)-0.2.0.tgz"
        var text = """

            Harbor sandbox (Harbor 2.\(PlayedHarborVersion.minor(of: harborVersion) ?? 7), OIDC mode) is running at \(info.baseURL)
              user:       \(username)
              CLI secret: \(secret)
              project:    \(project) (private, \(username) is developer), with chart \(project)/\(chartName):0.1.0 and image \(project)/\(imageName):\(imageTag)
              public:     library
              demo chart: \(chart) (version 0.2.0, not yet pushed)

            """
        var login = "printf '%s' '\(secret)' | docker harbor login \(info.host) -u \(username) --password-stdin"
        if let storeProblem {
            text += "\nNote: \(storeProblem). The login below therefore uses --file-store: the secret goes to docker's config.json, where docker reads it too.\n"
            login += " --file-store"
        }
        text += """

            \(commandsHeading)
              \(login)
              docker harbor use \(info.host) \(project)
              helm harbor push \(chart)
              docker harbor tags \(project)/\(chartName)
              docker harbor pull <TAB>
              docker harbor pull \(imageName):\(imageTag)
              helm harbor status --check

            The TAB line: type it and press TAB (bash or zsh with docker's completion): it offers
            your projects, then their repositories and tags. One login serves docker harbor and
            helm harbor alike; the last line shows it from Helm.

            Press Ctrl-C to stop.

            """
        return text
    }
}
