import Foundation
import HarborCore

/// The freshness records on disk: `$XDG_STATE_HOME/harbor/freshness.json`
/// (default `~/.local/state/harbor/freshness.json`), host → username → record.
///
/// ```json
/// {
///   "hosts" : { "harbor.example.com" : { "alice" : { "lastSuccess" : "2026-05-01T10:00:00Z" } } },
///   "version" : 1
/// }
/// ```
///
/// This is state, not configuration: a file that cannot be read is treated as empty and
/// replaced on the next write, rather than stopping the user's command.
/// Writes take the file lock, re-read, change one record and replace the file atomically.
public struct CredentialFreshnessFile: Sendable {
    public let path: String

    public init(environment: ProcessEnvironment) {
        path = environment.stateHome + "/harbor/freshness.json"
    }

    public init(path: String) { self.path = path }

    public func record(host: String, username: String) -> CredentialFreshnessRecord? {
        load().hosts[host]?[username]
    }

    /// The warning to show now, if any. Does not record it: call `recordWarning` once it was shown.
    public func warning(host: String, username: String, now: Date) -> CredentialFreshness.Warning? {
        CredentialFreshness.warning(for: record(host: host, username: username), host: host, username: username, now: now)
    }

    public func recordSuccess(host: String, username: String, now: Date) throws(AtomicFile.WriteError) {
        try update(host: host, username: username) { CredentialFreshness.recordingSuccess($0, now: now) }
    }

    public func recordWarning(host: String, username: String, now: Date) throws(AtomicFile.WriteError) {
        try update(host: host, username: username) { CredentialFreshness.recordingWarning($0, now: now) }
    }

    /// The warnings due now for every recorded login, by host and username, from one read of
    /// the file. Does not record them: call `recordWarning` for each one shown.
    public func dueWarnings(now: Date) -> [CredentialFreshness.Warning] {
        load().hosts.sorted { $0.key < $1.key }.flatMap { host, users in
            users.sorted { $0.key < $1.key }.compactMap { username, record in
                CredentialFreshness.warning(for: record, host: host, username: username, now: now)
            }
        }
    }

    /// Every recorded login (a host and a username that worked there), by host: what shell
    /// completion offers for `login`, `logout` and `status`.
    public func logins() -> [(host: String, username: String)] {
        load().hosts.sorted { $0.key < $1.key }.flatMap { host, users in users.keys.sorted().map { (host: host, username: $0) } }
    }

    /// Every host with a recorded login, sorted: the Harbor hosts this user has logged in to.
    public func recordedHosts() -> [String] {
        load().hosts.keys.sorted()
    }

    /// Forgets every username of `host` (after a logout).
    public func forget(host: String) throws(AtomicFile.WriteError) {
        let lock = try FileLock(guarding: path)
        defer { withExtendedLifetime(lock) {} }
        var contents = load()
        guard contents.hosts.removeValue(forKey: host) != nil else { return }
        try write(contents)
    }

    // MARK: -

    struct Contents: Codable {
        var version = 1
        var hosts: [String: [String: CredentialFreshnessRecord]] = [:]
    }

    private func update(host: String, username: String, _ change: (CredentialFreshnessRecord?) -> CredentialFreshnessRecord) throws(AtomicFile.WriteError) {
        let lock = try FileLock(guarding: path)
        defer { withExtendedLifetime(lock) {} }
        var contents = load()
        let old = contents.hosts[host]?[username]
        let new = change(old)
        guard new != old else { return }
        contents.hosts[host, default: [:]][username] = new
        try write(contents)
    }

    func load() -> Contents {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path)) else { return Contents() }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = RFC3339.parse(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an RFC 3339 time: \(text)"))
            }
            return date
        }
        return (try? decoder.decode(Contents.self, from: data)) ?? Contents()
    }

    private func write(_ contents: Contents) throws(AtomicFile.WriteError) {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.format(date))
        }
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(contents) + Data("\n".utf8)
        } catch {
            throw AtomicFile.WriteError(path: path, reason: "cannot encode: \(error)")
        }
        try AtomicFile.write(data, to: path)
    }
}
