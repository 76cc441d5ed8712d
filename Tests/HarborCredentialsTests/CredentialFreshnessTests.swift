import Foundation
import HarborCore
import Testing

import HarborCredentials

/// CLI secrets expire 30 days after the last web UI login; warn after 25 days without a
/// success, at most once a day.
@Suite struct CredentialFreshnessTests {
    let start = Date(timeIntervalSince1970: 1_780_000_000)
    func days(_ n: Double) -> TimeInterval { n * 24 * 60 * 60 }

    @Test(arguments: [
        (0.0, false), (24.9, false), (25.0, false), (25.01, true), (31.0, true),
    ])
    func warnsOnlyAfter25Days(age: Double, warns: Bool) {
        let record = CredentialFreshnessRecord(lastSuccess: start)
        let warning = CredentialFreshness.warning(for: record, host: "h", username: "u", now: start + days(age))
        #expect((warning != nil) == warns)
    }

    @Test func noRecordNoWarning() {
        #expect(CredentialFreshness.warning(for: nil, host: "h", username: "u", now: start) == nil)
    }

    @Test func warningsAreThrottledToOncePerDayAndResetBySuccess() throws {
        let dir = TemporaryDirectory()
        let file = CredentialFreshnessFile(path: dir.path + "/state/harbor/freshness.json")
        try file.recordSuccess(host: "harbor.example.com", username: "alice", now: start)
        let now = start + days(26)
        let warning = try #require(file.warning(host: "harbor.example.com", username: "alice", now: now))
        #expect(warning.daysSinceSuccess == 26)
        #expect(warning.description.contains("last worked 26 days ago"))
        try file.recordWarning(host: "harbor.example.com", username: "alice", now: now)
        #expect(file.warning(host: "harbor.example.com", username: "alice", now: now + 60 * 60) == nil)
        #expect(file.warning(host: "harbor.example.com", username: "alice", now: now + days(0.99)) == nil)
        #expect(file.warning(host: "harbor.example.com", username: "alice", now: now + days(1)) != nil)
        // Another user on the same host has their own record.
        #expect(file.warning(host: "harbor.example.com", username: "bob", now: now) == nil)

        try file.recordSuccess(host: "harbor.example.com", username: "alice", now: now + days(1))
        #expect(file.warning(host: "harbor.example.com", username: "alice", now: now + days(2)) == nil)
        #expect(file.record(host: "harbor.example.com", username: "alice") == CredentialFreshnessRecord(lastSuccess: now + days(1)))
    }

    @Test func storedUnderXDGStateHomeWithoutSecrets() throws {
        let dir = TemporaryDirectory()
        var environment = dir.environment
        #expect(CredentialFreshnessFile(environment: environment).path == dir.path + "/.local/state/harbor/freshness.json")
        environment.variables["XDG_STATE_HOME"] = dir.path + "/xdg-state"
        let file = CredentialFreshnessFile(environment: environment)
        #expect(file.path == dir.path + "/xdg-state/harbor/freshness.json")
        try file.recordSuccess(host: "h", username: "alice", now: start)
        let text = dir.read("xdg-state/harbor/freshness.json")
        #expect(text.contains("\"lastSuccess\" : \"2026-05-28T20:26:40Z\""))
        #expect(fileMode(file.path) == 0o600)

        // A damaged state file does not stop anyone: it reads as empty and is replaced.
        _ = dir.write("{not json", to: "xdg-state/harbor/freshness.json")
        #expect(file.record(host: "h", username: "alice") == nil)
        try file.recordSuccess(host: "h", username: "alice", now: start)
        #expect(file.record(host: "h", username: "alice")?.lastSuccess == start)

        try file.forget(host: "h")
        #expect(file.record(host: "h", username: "alice") == nil)
    }
}
