import HarborTestSupport
import Testing

/// `Helm.toolsDirectory` computes what scripts/test-tools.sh computes:
/// `${HARBOR_TEST_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/harbor-plugins/test-tools}`.
struct HelmLocatorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let environment: [String: String]
        let directory: String
        var testDescription: String { environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }
    }

    @Test(arguments: [
        Case(environment: ["HOME": "/home/u"], directory: "/home/u/.cache/harbor-plugins/test-tools"),
        Case(environment: ["HOME": "/tmp/fresh", "XDG_CACHE_HOME": "/var/cache/u"], directory: "/var/cache/u/harbor-plugins/test-tools"),
        Case(environment: ["HOME": "/tmp/fresh", "XDG_CACHE_HOME": "", "HARBOR_TEST_TOOLS": ""], directory: "/tmp/fresh/.cache/harbor-plugins/test-tools"),
        Case(environment: ["HOME": "/tmp/fresh", "XDG_CACHE_HOME": "/x", "HARBOR_TEST_TOOLS": "/opt/tools"], directory: "/opt/tools"),
    ])
    func toolsDirectory(_ example: Case) {
        #expect(Helm.toolsDirectory(environment: example.environment) == example.directory)
    }

    /// The same answer as the script itself gives, for the environment of this test run.
    @Test func agreesWithTheScript() async throws {
        let script = #"printf '%s' "${HARBOR_TEST_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/harbor-plugins/test-tools}""#
        for environment in [["HOME": "/tmp/fresh-home", "PATH": "/usr/bin:/bin"], ["HOME": "/h", "XDG_CACHE_HOME": "/c", "PATH": "/usr/bin:/bin"]] {
            let shell = try await ProcessRunner.run("/bin/sh", ["-c", script], environment: environment)
            #expect(shell.stdout == Helm.toolsDirectory(environment: environment), "\(shell)")
        }
        // scripts/test-tools.sh really has this line (the tests above would otherwise check a copy).
        let source = try String(contentsOfFile: BuiltProducts.repository + "/scripts/test-tools.sh", encoding: .utf8)
        #expect(source.contains(#"tools="${HARBOR_TEST_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/harbor-plugins/test-tools}""#))
    }

    @Test func aMissingHelmIsAnErrorNamingWhereItWasExpected() {
        #expect {
            try Helm.binary(version: "0.0.1", environment: ["HARBOR_TEST_TOOLS": "/nonexistent/tools"])
        } throws: { error in
            "\(error)".contains("/nonexistent/tools/helm-0.0.1/helm") && "\(error)".contains("scripts/test-tools.sh")
        }
    }
}
