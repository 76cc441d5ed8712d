import Foundation
import HarborCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// What completion remembers of one Harbor account: lists of projects, repositories and
/// artifacts, under `$XDG_CACHE_HOME/harbor/completion/HOST/USER/`. Files are 0600 in 0700
/// directories and hold names, roles, tags and digests — never a credential.
///
/// A file that cannot be read or decoded counts as missing and is replaced on the next fetch.
public struct CompletionCache: Sendable {
    public let directory: String

    public init(root: String, host: String, username: String) {
        directory = root + "/" + SafeFileName.encode(host) + "/" + SafeFileName.encode(username)
    }

    /// `$XDG_CACHE_HOME/harbor/completion` (default `~/.cache/harbor/completion`).
    public static func root(environment: ProcessEnvironment) -> String {
        environment.cacheHome + "/harbor/completion"
    }

    /// One cached list with the time it was fetched.
    public struct Entry<Value: Codable & Sendable>: Codable, Sendable {
        public var version = 1
        public var fetched: Date
        public var value: Value

        public func age(now: Date) -> Duration {
            .milliseconds(Int64(max(0, now.timeIntervalSince(fetched)) * 1000))
        }
    }

    public func read<Value: Codable & Sendable>(_ key: String, as type: Value.Type = Value.self) -> Entry<Value>? {
        guard let data = FileManager.default.contents(atPath: path(key)) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        guard let entry = try? decoder.decode(Entry<Value>.self, from: data), entry.version == 1 else { return nil }
        return entry
    }

    /// Writes atomically; a cache that cannot be written is not an error a user should see.
    @discardableResult
    public func write<Value: Codable & Sendable>(_ key: String, _ value: Value, fetched: Date) -> Bool {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        guard let data = try? encoder.encode(Entry(fetched: fetched, value: value)) else { return false }
        let target = path(key)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try AtomicFile.write(data, to: target, newFileMode: 0o600)
            // A file left by an older or foreign writer keeps its mode in AtomicFile: insist on 0600.
            _ = chmod(target, 0o600)
            return true
        } catch {
            return false
        }
    }

    public func remove(_ key: String) {
        try? FileManager.default.removeItem(atPath: path(key))
    }

    public func path(_ key: String) -> String {
        directory + "/" + SafeFileName.encode(key) + ".json"
    }

    /// The account last listed on `host`: lets completion answer from the cache when the
    /// credentials sit in a helper it must not run.
    public static func lastUser(root: String, host: String) -> String? {
        guard let data = FileManager.default.contents(atPath: root + "/" + SafeFileName.encode(host) + "/last-user") else { return nil }
        let name = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return name.isEmpty ? nil : name
    }

    public static func recordLastUser(root: String, host: String, username: String) {
        let path = root + "/" + SafeFileName.encode(host) + "/last-user"
        guard lastUser(root: root, host: host) != username else { return }
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try? AtomicFile.write(Data((username + "\n").utf8), to: path, newFileMode: 0o600)
    }
}
