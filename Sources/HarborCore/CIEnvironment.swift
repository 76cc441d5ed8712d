/// Recognises a pipeline run from the variables CI systems set.
public enum CIEnvironment {
    /// Variable → system, checked in order. `CI` is set by most systems (GitHub, GitLab, Travis, …).
    public static let markers: [(variable: String, system: String)] = [
        ("JENKINS_URL", "Jenkins"),
        ("GITLAB_CI", "GitLab CI"),
        ("GITHUB_ACTIONS", "GitHub Actions"),
        ("TF_BUILD", "Azure Pipelines"),
        ("BUILDKITE", "Buildkite"),
        ("CIRCLECI", "CircleCI"),
        ("TEAMCITY_VERSION", "TeamCity"),
        ("BITBUCKET_BUILD_NUMBER", "Bitbucket Pipelines"),
        ("TEKTON_PIPELINE_RUN", "Tekton"),
        ("BUILD_ID", "a CI system (BUILD_ID)"),
        ("CI", "a CI system (CI)"),
    ]

    /// The CI system this process runs in, if any (`CI=false` and `CI=0` count as none).
    public static func detect(_ environment: ProcessEnvironment) -> String? {
        for (variable, system) in markers {
            guard let value = environment[variable] else { continue }
            if variable == "CI", ["false", "0", "no"].contains(value.lowercased()) { continue }
            return system
        }
        return nil
    }
}
