import Foundation
import HarborCore

/// `DOCKER_AUTH_CONFIG`, read as docker ≥ 28.3 reads it (docker/cli
/// `cli/config/configfile/file.go` `GetCredentialsStore` and `parseEnvConfig`, v29.7): a JSON
/// object `{"auths": {"HOST": {"auth": "base64(user:secret)"}}}` that comes before config.json
/// and every credential helper. Go's decoder runs with `DisallowUnknownFields`, so any other
/// key, an entry without `auth`, a second JSON value or an `auth` that is not `user:secret`
/// makes docker print a warning and ignore the whole variable; so do we. Entries are looked up
/// by their exact key, as docker's in-memory store does (`memorystore.Get`): an entry keyed
/// `https://HOST` does not stand for `HOST`.
public struct DockerAuthConfigVariable: Sendable {
    public static let name = "DOCKER_AUTH_CONFIG"

    public struct Entry: Sendable {
        public let username: String
        public let secret: String
    }

    /// The entries, by key; empty when the variable is unset, empty or ignored.
    public let entries: [String: Entry]
    /// Why a set variable is ignored; never contains a secret.
    public let problem: String?

    public init(environment: ProcessEnvironment) {
        guard let text = environment[Self.name] else {
            entries = [:]
            problem = nil
            return
        }
        do {
            entries = try Self.parse(text)
            problem = nil
        } catch {
            entries = [:]
            problem = error.reason
        }
    }

    public func entry(for host: String) -> Entry? { entries[host] }

    struct Unusable: Error {
        let reason: String
    }

    static func parse(_ text: String) throws(Unusable) -> [String: Entry] {
        let document: JSONDocument
        do {
            document = try JSONDocument(bytes: Array(text.utf8), path: name)
        } catch {
            throw Unusable(reason: "it is not JSON (\(error.problem) at line \(error.line), column \(error.column))")
        }
        guard let root = document.root, !root.isNull else { return [:] }
        guard let members = root.members else {
            throw Unusable(reason: "it is not a JSON object")
        }
        var result: [String: Entry] = [:]
        for member in members {
            // Go matches field names without regard to case.
            guard member.key.lowercased() == "auths" else {
                throw Unusable(reason: "\(Self.unknownKey(member.key, known: Self.configFileKeys)) (only \"auths\" is allowed)")
            }
            if member.value.isNull { continue }
            guard let hosts = member.value.members else {
                throw Unusable(reason: "\"auths\" is \(member.value.kindDescription), expected an object")
            }
            for host in hosts {
                if host.value.isNull { throw Unusable(reason: "auths[\"\(host.key)\"] is missing key `auth`") }
                guard let fields = host.value.members else {
                    throw Unusable(reason: "auths[\"\(host.key)\"] is \(host.value.kindDescription), expected an object")
                }
                var auth: String?
                for field in fields {
                    guard field.key.lowercased() == "auth" else {
                        throw Unusable(reason: "auths[\"\(host.key)\"] has \(Self.unknownKey(field.key, known: Self.authConfigKeys)) (only \"auth\" is allowed)")
                    }
                    guard let value = field.value.stringValue else {
                        throw Unusable(reason: "auths[\"\(host.key)\"].auth is \(field.value.kindDescription), expected a string")
                    }
                    auth = value
                }
                guard let auth, !auth.isEmpty else { throw Unusable(reason: "auths[\"\(host.key)\"] is missing key `auth`") }
                result[host.key] = try decode(auth, key: host.key)
            }
        }
        return result
    }

    /// The JSON names of docker's `configfile.ConfigFile` and `registry.AuthConfig` fields
    /// (docker/cli cli/config/configfile/file.go, cli/config/types/authconfig.go, v29.7): the keys
    /// a user may plausibly put where docker does not allow them, lower-cased (Go matches them so).
    static let configFileKeys: Set<String> = [
        "auths", "httpheaders", "psformat", "imagesformat", "networksformat", "pluginsformat", "volumesformat",
        "statsformat", "detachkeys", "credsstore", "credhelpers", "serviceinspectformat", "servicesformat",
        "tasksformat", "secretformat", "configformat", "nodesformat", "prunefilters", "proxies", "experimental",
        "currentcontext", "clipluginsextradirs", "plugins", "aliases", "features",
    ]
    static let authConfigKeys: Set<String> = [
        "username", "password", "auth", "email", "serveraddress", "identitytoken", "registrytoken",
    ]

    /// `unknown key "email"` for a field name docker knows; any other key is not shown, since a
    /// malformed value can put a secret where a key belongs (`{"HOST": {"<base64>": ""}}`).
    static func unknownKey(_ key: String, known: Set<String>) -> String {
        known.contains(key.lowercased()) ? "unknown key \"\(key)\"" : "an unknown key (not shown: it may be a secret)"
    }

    /// docker's `decodeAuth`: standard base64 of `user:secret`, a non-empty user, trailing NULs dropped.
    static func decode(_ auth: String, key: String) throws(Unusable) -> Entry {
        guard let data = Data(base64Encoded: auth) else {
            throw Unusable(reason: "auths[\"\(key)\"].auth is not standard base64")
        }
        let text = String(decoding: data, as: UTF8.self)
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else {
            throw Unusable(reason: "auths[\"\(key)\"].auth does not decode to user:secret with a non-empty user")
        }
        var secret = String(text[text.index(after: colon)...])
        while secret.hasSuffix("\u{0}") { secret.removeLast() }
        return Entry(username: String(text[..<colon]), secret: secret)
    }
}
