import Foundation
import HarborCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// A docker-format credential file on disk: docker's config.json or Helm's registry config.
///
/// Reads are plain reads. Every change is one transaction: take the `FileLock` for the file,
/// read it again under the lock, edit the `JSONDocument` losslessly, and if any byte changed,
/// replace the file with `AtomicFile` (temp file in the same directory, fsync, rename; a
/// symlink stays a symlink; the mode is kept; new files 0600 in 0700 directories).
/// A file that cannot be parsed is never written.
///
/// Only plain-text `auths` entries are handled here; `CredentialStore` decides whether a
/// secret goes to a helper instead.
public struct DockerConfigFile: Sendable {
    public let path: String

    public init(path: String) { self.path = path }
    public init(location: DockerConfigLocation) { path = location.path }

    /// The file as it is now; a missing or empty file reads as empty.
    public func load() throws(CredentialFileError) -> DockerConfigContents {
        try DockerConfigContents(document: readDocument())
    }

    /// Writes `username:secret` to `auths[host]` in plain text, replacing whatever entry was
    /// there (an old identity token must not outlive a new password). Returns whether the file changed.
    @discardableResult
    public func storeInFile(host: String, username: String, secret: String, isIdentityToken: Bool = false) throws(CredentialFileError) -> Bool {
        try update { contents, document throws(CredentialFileError) in
            let key = RegistryHostKey.storageKey(for: host)
            var members: [JSONNewMember]
            if isIdentityToken {
                // Docker keeps the user name in `auth` with an empty password (docker/cli v28.2.2,
                // cli/command/registry/login.go, cli/config/configfile/file.go).
                members = [JSONNewMember("auth", .string(Self.encodeAuth(username: username, secret: ""))), JSONNewMember("identitytoken", .string(secret))]
            } else {
                members = [JSONNewMember("auth", .string(Self.encodeAuth(username: username, secret: secret)))]
            }
            if Self.entry(in: contents, key: key) == members { return }
            try Self.set(.object(members), at: ["auths", key], in: &document)
        }
    }

    /// Docker's `{}` placeholder under `auths[host]` for a secret a helper holds
    /// (docker/cli v28.2.2, cli/config/credentials/native_store.go `Store`). Any plain-text entry
    /// for `host` is replaced by it.
    /// With `recordingCredsStore`, also writes `"credsStore"` (what docker does when it adopts
    /// its platform default). Returns whether the file changed.
    @discardableResult
    public func storePlaceholder(host: String, recordingCredsStore helper: String? = nil) throws(CredentialFileError) -> Bool {
        try update { contents, document throws(CredentialFileError) in
            if let helper, contents.credsStore != helper {
                try Self.set(.string(helper), at: ["credsStore"], in: &document)
            }
            let key = RegistryHostKey.storageKey(for: host)
            if Self.entry(in: contents, key: key) == [] { return }
            try Self.set(.object([]), at: ["auths", key], in: &document)
        }
    }

    /// Removes every `auths` entry that stands for `host`: the bare key, the legacy
    /// `http://host` and `https://host` keys docker's logout removes, and any other legacy key
    /// with a path that a lookup would still find (docker/cli v28.2.2, cli/command/registry/logout.go,
    /// cli/config/credentials/file_store.go). Returns whether the file changed.
    @discardableResult
    public func eraseFromFile(host: String) throws(CredentialFileError) -> Bool {
        try update { contents, document throws(CredentialFileError) in
            let key = RegistryHostKey.storageKey(for: host)
            var keys = contents.authKeys(matching: key)
            for legacy in RegistryHostKey.legacyForms(of: key) where contents.authKeys.contains(legacy) && !keys.contains(legacy) {
                keys.append(legacy)
            }
            for key in keys { document.remove(at: ["auths", key]) }
        }
    }

    /// The transaction behind every change: lock, re-read, `edit`, write only if bytes changed.
    @discardableResult
    public func update(_ edit: (DockerConfigContents, inout JSONDocument) throws(CredentialFileError) -> Void) throws(CredentialFileError) -> Bool {
        let lock: FileLock
        do {
            lock = try FileLock(guarding: path)
        } catch {
            throw .write(error)
        }
        defer { withExtendedLifetime(lock) {} }
        let original = try readDocument()
        let contents = try DockerConfigContents(document: original)
        var document = original
        try edit(contents, &document)
        guard document.bytes != original.bytes else { return false }
        do {
            try AtomicFile.write(document.data, to: path)
        } catch {
            throw .write(error)
        }
        return true
    }

    // MARK: -

    func readDocument() throws(CredentialFileError) -> JSONDocument {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            // A missing file (or a dangling symlink) is an empty config, as for docker.
            if !FileManager.default.fileExists(atPath: path) { return Self.emptyDocument(path: path) }
            throw .unreadable(path: path, reason: FileReadProblem.reason(path: path, error: error))
        }
        do {
            return try JSONDocument(data: data, path: path)
        } catch {
            throw .syntax(error)
        }
    }

    static func emptyDocument(path: String) -> JSONDocument {
        // Empty text parses to "no value"; cannot fail.
        try! JSONDocument(bytes: [], path: path)
    }

    static func set(_ value: JSONNewValue, at keyPath: [String], in document: inout JSONDocument) throws(CredentialFileError) {
        do {
            try document.set(value, at: keyPath)
        } catch {
            let key = error.keyPath.isEmpty ? "the top-level value" : "\"" + error.keyPath.joined(separator: ".") + "\""
            throw .wrongShape(path: error.path, key: key, expected: "a JSON object", found: error.found)
        }
    }

    /// The string members of `auths[key]` as written, or nil if there is no such object entry.
    static func entry(in contents: DockerConfigContents, key: String) -> [JSONNewMember]? {
        guard let members = contents.document.node(at: ["auths", key])?.members else { return nil }
        var result: [JSONNewMember] = []
        for member in members {
            guard let value = member.value.stringValue else { return nil }
            result.append(JSONNewMember(member.key, .string(value)))
        }
        return result
    }

    static func encodeAuth(username: String, secret: String) -> String {
        Data((username + ":" + secret).utf8).base64EncodedString()
    }
}
