import Foundation
import HarborAPI
import HarborCore
import Testing

import HarborCommands

/// Harbor's refusal texts (goharbor/harbor v2.7.0 and v2.9.0 sources, as the sandbox sends them and
/// docker, containerd and Helm wrap them) are recognised, explained, and get their own exit status.
struct RefusalExplanationTests {
    static let policy = #"due to configured policy in 'Prevent images with vulnerability severity of "High" or higher from running.' To continue with pull, please contact your project administrator for help."#

    @Test("each refusal text is recognised, bare, in Harbor's JSON body and inside docker's wording",
          arguments: [
            ("Error response from daemon: unknown: current image with 6 vulnerabilities cannot be pulled " + policy, HarborRefusal.vulnerable(count: 6, severity: "High")),
            ("current image with 1 vulnerability cannot be pulled " + policy, .vulnerable(count: 1, severity: "High")),
            (#"unknown: current image with "Running" status of vulnerability scanning cannot be pulled "# + policy, .scanNotFinished(status: "Running", severity: "High")),
            ("current image without vulnerability scanning cannot be pulled " + policy, .notScanned(severity: "High")),
            ("Error response from daemon: unknown: The image is not signed in Cosign.", .unsigned),
            ("unknown: The image is not signed by cosign.", .unsigned),
            ("unknown: Failed to process request due to 'team/app:1.0' configured as immutable.", .immutableTag(repository: "team/app", tag: "1.0")),
            ("denied: adding 29.0 MiB of storage resource, which when updated to current usage of 9.8 GiB will exceed the configured upper limit of 10.0 GiB.",
             .quotaExceeded(adding: "29.0 MiB", used: "9.8 GiB", limit: "10.0 GiB")),
            ("denied: The system is in read only mode. Any modification is prohibited.", .readOnly),
            ("unauthorized: unauthorized to access repository: pkey/app, action: push: unauthorized to access repository: pkey/app, action: push",
             .noAccess(repository: "pkey/app", action: "push")),
          ])
    func recognised(text: String, refusal: HarborRefusal) throws {
        #expect(HarborRefusal.find(in: text) == refusal)
        let message = text.split(separator: ":", maxSplits: 1).count > 1 && text.hasPrefix("denied: ") ? String(text.dropFirst(8)) : text
        let body = #"{"errors":[{"code":"X","message":"# + String(decoding: try JSONEncoder().encode(message), as: UTF8.self) + "}]}\n"
        #expect(HarborRefusal.find(inBody: Array(body.utf8)) == refusal)
    }

    @Test func otherTextsAreNoRefusal() {
        #expect(HarborRefusal.find(in: "unauthorized: authentication required") == nil)
        #expect(HarborRefusal.find(in: "manifest unknown") == nil)
        #expect(HarborRefusal.find(in: "") == nil)
    }

    @Test("messages say what, in Harbor's numbers, and what to do; each kind has its own status")
    func explanations() {
        let vulnerable = HarborRefusalExplanation(
            refusal: .vulnerable(count: 8, severity: "High"), subject: "pkey/app:1", project: "pkey", listingCommand: "docker harbor tags pkey/app",
            facts: ArtifactPolicyFacts(counts: ["Critical": 3, "High": 5], topVulnerabilities: [("CVE-2024-1", "Critical")]))
        #expect(vulnerable.message == "pkey/app:1 has 3 critical and 5 high vulnerabilities; project pkey blocks pulling images with high or worse")
        #expect(vulnerable.hint?.contains("Ask a project admin") == true)
        #expect(vulnerable.hint?.contains("`docker harbor tags pkey/app`") == true)
        #expect(vulnerable.hint?.contains("CVE-2024-1 (critical)") == true)
        #expect(vulnerable.exitStatus == .vulnerableImage)

        let running = HarborRefusalExplanation(refusal: .scanNotFinished(status: "Running", severity: "High"), subject: "pkey/app:1", project: "pkey")
        #expect(running.message.contains("still running"))
        #expect(running.hint == "the scan is still running — retry in a minute, or `--wait-scan`")
        #expect(running.exitStatus == .scanNotFinished)

        #expect(HarborRefusalExplanation(refusal: .notScanned(severity: "High"), subject: "a", project: "pkey").exitStatus == .notScanned)
        let unsigned = HarborRefusalExplanation(refusal: .unsigned, subject: "pkey/app:1", project: "pkey")
        #expect(unsigned.message == "pkey/app:1 is not signed, and project pkey requires cosign signatures")
        #expect(unsigned.exitStatus == .unsigned)
        let immutable = HarborRefusalExplanation(refusal: .immutableTag(repository: "app", tag: "1"), subject: "pkey/app:1", project: "pkey")
        #expect(immutable.message == "tag 1 is immutable in pkey; push a new tag")
        #expect(immutable.exitStatus == .immutableTag)
        let quota = HarborRefusalExplanation(refusal: .quotaExceeded(adding: "29.0 MiB", used: "9.8 GiB", limit: "10.0 GiB"), subject: "x", project: "pkey")
        #expect(quota.message == "project pkey's quota is full: 9.8 GiB of 10.0 GiB used, and this push needs 29.0 MiB more")
        #expect(quota.exitStatus == .quotaExceeded)
        let readOnly = HarborRefusalExplanation(refusal: .readOnly, subject: "x", project: "pkey")
        #expect(readOnly.message == "Harbor is in read-only mode: nothing can be pushed or deleted")
        #expect(readOnly.exitStatus == .readOnly)
        #expect(Set([ExitStatus.vulnerableImage, .scanNotFinished, .notScanned, .unsigned, .immutableTag, .quotaExceeded, .readOnly].compactMap(\.fixedCode)) == Set(13...19))
    }

    @Test("--wait-scan and its --timeout are ours and leave docker's arguments as typed")
    func waitScanOption() throws {
        var arguments = ["--platform", "linux/amd64", "--wait-scan", "--timeout", "90", "pkey/app:1"]
        #expect(try WaitScanOption.extract(&arguments) == WaitScanOption(timeout: 90))
        #expect(arguments == ["--platform", "linux/amd64", "pkey/app:1"])
        var run = ["--rm", "--wait-scan", "app:1", "sh", "-c", "--wait-scan"]
        #expect(try WaitScanOption.extract(&run) == WaitScanOption(timeout: nil))
        #expect(run == ["--rm", "app:1", "sh", "-c", "--wait-scan"], "after the image everything is the container's")
        var plain = ["--timeout", "5", "app:1"]
        #expect(try WaitScanOption.extract(&plain) == nil)
        #expect(plain == ["--timeout", "5", "app:1"])
        var bad = ["--wait-scan", "--timeout=soon", "app:1"]
        #expect(throws: CommandFailure.self) { try WaitScanOption.extract(&bad) }
    }
}

/// docker/cli v29.3.0 added `error-hooks` (cli-plugins/manager/hooks.go): chosen from the client version.
struct HookConfigKeyTests {
    @Test(arguments: [
        ("28.2.2", HookConfigKey.hooks), ("29.2.9", .hooks), ("29.3.0", .errorHooks), ("29.3.0-rc.1", .errorHooks),
        ("29.10.1\n", .errorHooks), ("30.0.0", .errorHooks), ("", .hooks), ("garbage", .hooks),
    ])
    func chosenFromTheClientVersion(version: String, key: HookConfigKey) {
        #expect(HookConfigKey.choose(clientVersion: version) == key)
    }

    @Test func unknownVersionKeepsHooks() {
        #expect(HookConfigKey.choose(clientVersion: nil) == .hooks)
    }
}
