/// A settings key as users type it: `docker harbor config set KEY VALUE`.
public enum SettingKey: String, CaseIterable, Sendable {
    case instance
    case project
    case hostTemplate = "host-template"
    case robotPrefixes = "robot-prefixes"
    case store
    case completionTTL = "completion-ttl"
    case completionTimeout = "completion-timeout"

    /// The environment variable that overrides the stored value.
    public var environmentVariable: String {
        switch self {
        case .instance: "HARBOR_INSTANCE"
        case .project: "HARBOR_PROJECT"
        case .hostTemplate: "HARBOR_HOST_TEMPLATE"
        case .robotPrefixes: "HARBOR_ROBOT_PREFIXES"
        case .store: "HARBOR_STORE"
        case .completionTTL: "HARBOR_COMPLETION_TTL"
        case .completionTimeout: "HARBOR_COMPLETION_TIMEOUT"
        }
    }

    public var summary: String {
        switch self {
        case .instance: "default Harbor instance: a customer name, a configured instance name or HOST[:PORT]"
        case .project: "default project key for short references (REPO:TAG)"
        case .hostTemplate: "how a customer name becomes a host; {customer} is replaced"
        case .robotPrefixes: "name prefixes that mark robot accounts, comma-separated"
        case .store: "where login keeps a secret when docker's config.json names no credential store: docker (docker's default helper, as docker login) or file (plain text)"
        case .completionTTL: "seconds shell completion trusts its cached projects, repositories and tags (default 300)"
        case .completionTimeout: "seconds a TAB may wait for Harbor before it answers from the cache (default 1)"
        }
    }
}

/// Where a value in effect came from.
public enum SettingSource: Equatable, Sendable, CustomStringConvertible {
    case environment(String)
    case file(String)
    case builtIn

    public var description: String {
        switch self {
        case .environment(let name): "env \(name)"
        case .file(let path): path
        case .builtIn: "default"
        }
    }
}

/// The settings in effect: the file, overridden by `HARBOR_*` variables, over the built-in defaults.
public struct EffectiveSettings: Sendable {
    public var instance: String?
    public var project: String?
    public var hostTemplate: HostTemplate
    public var robotPrefixes: [String]
    /// `store`: keep secrets in plain text in config.json where it names no credential store.
    public var storeInFile: Bool
    public var instances: [String: String]
    /// Seconds; nil: the completion's default.
    public var completionTTL: Double?
    public var completionTimeout: Double?
    public var sources: [SettingKey: SettingSource]

    public static let defaultRobotPrefixes = ["robot$", "doaas-"]
    public static let storeValues = ["docker", "file"]

    public init(stored: StoredSettings = StoredSettings(), environment: ProcessEnvironment = ProcessEnvironment(variables: [:], homeDirectory: "/"), filePath: String = "") throws(InstanceError) {
        var sources: [SettingKey: SettingSource] = [:]
        func pick(_ key: SettingKey, _ stored: String?) -> String? {
            if let value = environment[key.environmentVariable] {
                sources[key] = .environment(key.environmentVariable)
                return value
            }
            if let stored, !stored.isEmpty {
                sources[key] = .file(filePath)
                return stored
            }
            sources[key] = .builtIn
            return nil
        }
        instance = pick(.instance, stored.instance)
        project = pick(.project, stored.project)
        if let pattern = pick(.hostTemplate, stored.hostTemplate) {
            hostTemplate = try HostTemplate(pattern)
        } else {
            hostTemplate = .devOpsAsAService
        }
        if let list = pick(.robotPrefixes, stored.robotPrefixes?.joined(separator: ",")) {
            robotPrefixes = list.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        } else {
            robotPrefixes = Self.defaultRobotPrefixes
        }
        switch pick(.store, stored.store) {
        case nil, "docker": storeInFile = false
        case "file": storeInFile = true
        case let other?:
            throw InstanceError(message: "'\(other)' is not a value for store (from \(sources[.store]?.description ?? "settings"))", hint: "use 'docker' or 'file'")
        }
        instances = stored.instances
        completionTTL = pick(.completionTTL, stored.completionTTL).flatMap(Self.seconds)
        completionTimeout = pick(.completionTimeout, stored.completionTimeout).flatMap(Self.seconds)
        self.sources = sources
    }

    /// A number of seconds, `0` or more (fractions allowed), or nil.
    public static func seconds(_ text: String) -> Double? {
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value >= 0, value < 1e9 else { return nil }
        return value
    }

    /// The configured default instance, resolved.
    public func defaultInstance() throws(InstanceError) -> Instance? {
        guard let instance else { return nil }
        return try Instance.resolve(instance, settings: self)
    }

    /// The defaults short references are completed from.
    public func referenceDefaults(command: String = "docker harbor") throws(InstanceError) -> ReferenceDefaults {
        ReferenceDefaults(host: try defaultInstance()?.host, project: project, advice: "set defaults with '\(command) use CUSTOMER PKEY'")
    }

    /// Loads the settings file and applies the environment.
    public static func load(environment: ProcessEnvironment) throws -> EffectiveSettings {
        let file = SettingsFile(environment: environment)
        return try EffectiveSettings(stored: file.load(), environment: environment, filePath: file.path)
    }
}

import Foundation
