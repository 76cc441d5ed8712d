import Foundation

/// The plugins' own settings file, `$HARBOR_CONFIG_DIR/settings.json`
/// (default `$XDG_CONFIG_HOME/harbor/settings.json`), shared by docker-harbor and helm-harbor.
///
/// Kept apart from docker's config.json on purpose: docker rewrites that file through a struct
/// and drops top-level keys it does not know. Keys this version does not know are kept as they are.
public struct SettingsFile: Sendable {
    public let path: String

    public init(environment: ProcessEnvironment) {
        path = environment.harborConfigDirectory + "/settings.json"
    }

    public init(path: String) { self.path = path }

    public struct ReadError: Error, CustomStringConvertible, Sendable {
        public let path: String
        public let reason: String
        public var description: String { "cannot read settings file \(path): \(reason)\n  fix the file, or move it away to start afresh" }
    }

    /// The stored values; a missing file is empty.
    public func load() throws(ReadError) -> StoredSettings {
        try StoredSettings(json: loadObject(), path: path)
    }

    func loadObject() throws(ReadError) -> [String: Any] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ReadError(path: path, reason: FileReadProblem.reason(path: path, error: error))
        }
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09 }) { return [:] }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            throw ReadError(path: path, reason: "not valid JSON: \(detail)")
        }
        guard let dictionary = object as? [String: Any] else {
            throw ReadError(path: path, reason: "expected a JSON object at the top level")
        }
        return dictionary
    }

    /// Changes the file under a lock: reads it again, applies `change`, writes it atomically.
    /// Keys `change` does not touch are written back unchanged.
    public func update(_ change: (inout StoredSettings) throws -> Void) throws {
        try FileLock.withLock(guarding: path) {
            var object = try loadObject()
            var settings = try StoredSettings(json: object, path: path)
            try change(&settings)
            settings.merge(into: &object)
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            try AtomicFile.write(data + Data("\n".utf8), to: path)
        }
    }
}

/// The values kept in the settings file. Absent values are nil.
public struct StoredSettings: Equatable, Sendable {
    public var instance: String?
    public var project: String?
    public var hostTemplate: String?
    public var robotPrefixes: [String]?
    public var store: String?
    /// Seconds, as typed (`config set completion-ttl 600`).
    public var completionTTL: String?
    public var completionTimeout: String?
    /// Named instances: name → host.
    public var instances: [String: String] = [:]

    public init() {}

    init(json: [String: Any], path: String) throws(SettingsFile.ReadError) {
        func string(_ key: String) throws(SettingsFile.ReadError) -> String? {
            guard let value = json[key] else { return nil }
            guard let text = value as? String else { throw SettingsFile.ReadError(path: path, reason: "'\(key)' must be a string") }
            return text
        }
        instance = try string(SettingKey.instance.rawValue)
        project = try string(SettingKey.project.rawValue)
        hostTemplate = try string(SettingKey.hostTemplate.rawValue)
        store = try string(SettingKey.store.rawValue)
        if let value = json[SettingKey.robotPrefixes.rawValue] {
            guard let list = value as? [String] else { throw SettingsFile.ReadError(path: path, reason: "'robot-prefixes' must be a list of strings") }
            robotPrefixes = list
        }
        func seconds(_ key: SettingKey) throws(SettingsFile.ReadError) -> String? {
            guard let value = json[key.rawValue] else { return nil }
            if let text = value as? String { return text }
            if let number = value as? NSNumber, !(value is Bool) { return number.stringValue }
            throw SettingsFile.ReadError(path: path, reason: "'\(key.rawValue)' must be a number of seconds")
        }
        completionTTL = try seconds(.completionTTL)
        completionTimeout = try seconds(.completionTimeout)
        if let value = json["instances"] {
            guard let map = value as? [String: String] else { throw SettingsFile.ReadError(path: path, reason: "'instances' must map names to hosts") }
            instances = map
        }
    }

    func merge(into object: inout [String: Any]) {
        object[SettingKey.instance.rawValue] = instance
        object[SettingKey.project.rawValue] = project
        object[SettingKey.hostTemplate.rawValue] = hostTemplate
        object[SettingKey.robotPrefixes.rawValue] = robotPrefixes
        object[SettingKey.store.rawValue] = store
        object[SettingKey.completionTTL.rawValue] = completionTTL.flatMap { Double($0) }
        object[SettingKey.completionTimeout.rawValue] = completionTimeout.flatMap { Double($0) }
        object["instances"] = instances.isEmpty ? nil : instances
    }
}
