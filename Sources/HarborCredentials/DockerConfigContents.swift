import Foundation

/// What a docker-format credential file says about credentials, read from a `JSONDocument`.
///
/// Checked like Go's decoder would: a known key holding the wrong kind of value is an error
/// that names the key. Values are only decoded when asked for, so one host's bad `auth` does
/// not stop work on another host (docker is stricter: it refuses the whole file).
public struct DockerConfigContents: Sendable {
    public let path: String
    public let document: JSONDocument

    /// `credsStore`, the helper for every host without a `credHelpers` entry.
    public let credsStore: String?
    /// `credHelpers`: exact key → helper suffix.
    public let credHelpers: [String: String]
    /// The keys of `auths`, in file order.
    public let authKeys: [String]

    public init(document: JSONDocument) throws(CredentialFileError) {
        path = document.path
        self.document = document
        guard let root = document.root else {
            credsStore = nil
            credHelpers = [:]
            authKeys = []
            return
        }
        guard root.members != nil else {
            throw .wrongShape(path: path, key: "the top-level value", expected: "a JSON object", found: root.kindDescription)
        }
        credsStore = try Self.optionalString(root["credsStore"], key: "\"credsStore\"", path: path)
        var helpers: [String: String] = [:]
        if let node = root["credHelpers"], !node.isNull {
            guard let members = node.members else {
                throw .wrongShape(path: path, key: "\"credHelpers\"", expected: "an object", found: node.kindDescription)
            }
            for member in members {
                guard let suffix = try Self.optionalString(member.value, key: "credHelpers[\"\(member.key)\"]", path: path) else { continue }
                helpers[member.key] = suffix
            }
        }
        credHelpers = helpers
        var keys: [String] = []
        if let node = root["auths"], !node.isNull {
            guard let members = node.members else {
                throw .wrongShape(path: path, key: "\"auths\"", expected: "an object", found: node.kindDescription)
            }
            for member in members {
                guard member.value.members != nil || member.value.isNull else {
                    throw .wrongShape(path: path, key: "auths[\"\(member.key)\"]", expected: "an object", found: member.value.kindDescription)
                }
                if !keys.contains(member.key) { keys.append(member.key) }
            }
        }
        authKeys = keys
    }

    /// Docker's `ContainsAuth`: whether the file configures any credentials at all. When it
    /// does not, docker and Helm fall back to a platform default helper (docker/cli v28.2.2,
    /// cli/config/config.go `LoadDefaultConfigFile`, cli/config/credentials/default_store_linux.go).
    public var containsAuth: Bool {
        !(credsStore ?? "").isEmpty || !credHelpers.isEmpty || !authKeys.isEmpty
    }

    /// The `auths` key that stands for `host`: the exact key, else the first legacy key whose
    /// hostname is `host` (`https://host`, `http://host/v2/`, … docker/cli v28.2.2,
    /// cli/config/credentials/file_store.go `ConvertToHostname`).
    public func authKey(for host: String) -> String? {
        if authKeys.contains(host) { return host }
        return authKeys.first { RegistryHostKey.hostname($0) == host }
    }

    /// Every `auths` key that stands for `host` (exact and legacy forms).
    public func authKeys(matching host: String) -> [String] {
        authKeys.filter { $0 == host || RegistryHostKey.hostname($0) == host }
    }

    /// The plain-text credential for `host` in `auths`, or nil when there is none (no entry,
    /// or docker's empty `{}` placeholder for a helper-held secret).
    public func fileCredential(for host: String) throws(CredentialFileError) -> StoredCredential? {
        guard let key = authKey(for: host), let entry = document.node(at: ["auths", key]), entry.members != nil else { return nil }
        func field(_ name: String) throws(CredentialFileError) -> String? {
            try Self.optionalString(entry[name], key: "auths[\"\(key)\"].\(name)", path: path)
        }
        var username = try field("username") ?? ""
        var password = try field("password") ?? ""
        if let auth = try field("auth"), !auth.isEmpty {
            guard let decoded = Data(base64Encoded: auth) else {
                throw .invalidAuth(path: path, key: key, reason: "is not standard base64 with padding")
            }
            let text = String(decoding: decoded, as: UTF8.self)
            guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else {
                throw .invalidAuth(path: path, key: key, reason: "does not decode to user:secret with a non-empty user")
            }
            username = String(text[..<colon])
            password = String(text[text.index(after: colon)...])
            while password.hasSuffix("\u{0}") { password.removeLast() }
        }
        let location = CredentialLocation.file(path)
        if let token = try field("identitytoken"), !token.isEmpty {
            return StoredCredential(username: username, secret: token, isIdentityToken: true, location: location)
        }
        guard !username.isEmpty || !password.isEmpty else { return nil }
        return StoredCredential(username: username, secret: password, location: location)
    }

    static func optionalString(_ node: JSONNode?, key: String, path: String) throws(CredentialFileError) -> String? {
        guard let node, !node.isNull else { return nil }
        guard let value = node.stringValue else {
            throw .wrongShape(path: path, key: key, expected: "a string", found: node.kindDescription)
        }
        return value
    }
}
