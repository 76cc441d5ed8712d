import Foundation
import HarborCore
import NIOConcurrencyHelpers

/// Everything the sandbox changes while it runs, behind one lock.
final class SandboxState: Sendable {
    struct Contents: Sendable {
        var robotPrefixes: [String]
        var users: [String: Fixture.User]
        var robots: [String: Fixture.Robot]
        var projects: [ProjectRecord]
        var faults = FaultTable()
        var requests = RequestLog()
        /// When a manifest was first pushed through the sandbox, keyed by `repository@digest`.
        var pushTimes: [String: Date] = [:]
        var repositoryCreationTimes: [String: Date] = [:]
        /// Database-like ids for repositories, artifacts and tags, stable for the sandbox's lifetime.
        var ids: [String: Int] = [:]
        /// Project policies by project name (a project without an entry refuses nothing).
        var policies: [String: ProjectPolicy] = [:]
        /// Vulnerability scans by `repository@digest`; no entry means never scanned.
        var scans: [String: ScanOverview] = [:]
        /// Cosign signatures the admin API attached, by `repository@digest`.
        var signatures: Set<String> = []
        var readOnly = false
        var storage: [String: StorageUsage] = [:]
    }

    let startTime: Date
    private let box: NIOLockedValueBox<Contents>

    init(fixture: Fixture, startTime: Date = Date()) {
        self.startTime = startTime
        var projects: [ProjectRecord] = []
        for (offset, project) in fixture.projects.enumerated() {
            let owner = project.members.first { $0.role == ProjectRole.projectAdmin.rawValue }?.username ?? "admin"
            projects.append(
                ProjectRecord(
                    id: offset + 1, name: project.name, isPublic: project.public, members: project.members,
                    creationTime: startTime, ownerName: owner))
        }
        box = NIOLockedValueBox(
            Contents(
                robotPrefixes: fixture.robotPrefixes,
                users: Dictionary(fixture.users.map { ($0.username, $0) }, uniquingKeysWith: { $1 }),
                robots: Dictionary(fixture.robots.map { ($0.name, $0) }, uniquingKeysWith: { $1 }),
                projects: projects))
        box.withLockedValue { contents in
            contents.faults.add(fixture.faults)
            contents.readOnly = fixture.readOnly
            for project in fixture.projects { if let policy = project.policy { contents.policies[project.name] = policy } }
        }
        harborMinorVersion = PlayedHarborVersion.minor(of: fixture.harborVersion) ?? 7
    }

    /// Which Harbor 2.x the sandbox plays (`harborVersion` in the fixture, `--harbor-version`), for
    /// what a client sees change after 2.7: the CLI-secret allow-list and robot names (2.8), cosign's
    /// wording (2.9), systeminfo's anonymous fields (2.13), tokens older than their project (2.15).
    let harborMinorVersion: Int

    /// Sets when a project was created, as if it had been deleted and created again under the same
    /// name (Harbor 2.15 then refuses registry tokens issued before that).
    func setCreationTime(_ date: Date, project name: String) throws {
        try box.withLockedValue { contents in
            guard let index = contents.projects.firstIndex(where: { $0.name == name }) else { throw FixtureError("no project \(name)") }
            contents.projects[index].creationTime = date
        }
    }

    // MARK: policies (ProjectPolicy, ScanOverview, StorageQuota, ReadOnlyMode)

    func policy(project: String) -> ProjectPolicy { box.withLockedValue { $0.policies[project] } ?? ProjectPolicy() }
    func setPolicy(_ policy: ProjectPolicy, project: String) { box.withLockedValue { $0.policies[project] = policy } }
    func scan(repository: String, digest: String) -> ScanOverview? { box.withLockedValue { $0.scans["\(repository)@\(digest)"] } }
    func setScan(_ scan: ScanOverview?, repository: String, digest: String) {
        box.withLockedValue { $0.scans["\(repository)@\(digest)"] = scan }
    }
    func isSigned(repository: String, digest: String) -> Bool {
        box.withLockedValue { $0.signatures.contains("\(repository)@\(digest)") }
    }
    func setSigned(_ signed: Bool, repository: String, digest: String) {
        box.withLockedValue { contents in
            if signed { contents.signatures.insert("\(repository)@\(digest)") } else { contents.signatures.remove("\(repository)@\(digest)") }
        }
    }
    var readOnly: Bool {
        get { box.withLockedValue { $0.readOnly } }
    }
    func setReadOnly(_ on: Bool) { box.withLockedValue { $0.readOnly = on } }
    func storageUsage(project: String) -> StorageUsage { box.withLockedValue { $0.storage[project] } ?? StorageUsage() }
    func countStorage(project: String, bytes: Int64, blobs: [String]) {
        box.withLockedValue { contents in
            var usage = contents.storage[project] ?? StorageUsage()
            let fresh = blobs.filter { !usage.blobs.contains($0) }
            guard !fresh.isEmpty else { return }
            usage.bytes += bytes
            usage.blobs.formUnion(fresh)
            contents.storage[project] = usage
        }
    }

    func withContents<T>(_ body: (inout Contents) throws -> T) rethrows -> T {
        try box.withLockedValue(body)
    }

    var robotPrefixes: [String] { box.withLockedValue { $0.robotPrefixes } }

    func project(named name: String) -> ProjectRecord? {
        box.withLockedValue { contents in contents.projects.first { $0.name == name } }
    }

    var projects: [ProjectRecord] { box.withLockedValue { $0.projects } }

    func user(id username: String) -> (id: Int, user: Fixture.User)? {
        box.withLockedValue { contents in
            guard let user = contents.users[username] else { return nil }
            let index = contents.users.keys.sorted().firstIndex(of: username) ?? 0
            return (index + 3, user)  // uid 1 is admin, 2 is Harbor's anonymous placeholder
        }
    }

    // MARK: faults

    func addFaults(_ faults: [Fault]) { box.withLockedValue { $0.faults.add(faults) } }
    func clearFaults() { box.withLockedValue { $0.faults.removeAll() } }
    var faults: [Fault] { box.withLockedValue { $0.faults.faults } }
    func takeFault(method: String, path: String) -> Fault? {
        box.withLockedValue { $0.faults.take(method: method, path: path) }
    }

    // MARK: request log

    func record(_ entry: RecordedRequest) -> Int { box.withLockedValue { $0.requests.append(entry) } }
    func setStatus(_ status: Int, at index: Int, of entry: RecordedRequest) {
        box.withLockedValue { $0.requests.setStatus(status, at: index, matching: entry) }
    }
    var requests: [RecordedRequest] { box.withLockedValue { $0.requests.entries } }
    func clearRequests() { box.withLockedValue { $0.requests.removeAll() } }

    // MARK: push bookkeeping (the registry itself keeps no timestamps we can read cheaply)

    func notePush(repository: String, digest: String, at date: Date = Date()) {
        box.withLockedValue { contents in
            if contents.pushTimes["\(repository)@\(digest)"] == nil { contents.pushTimes["\(repository)@\(digest)"] = date }
            if contents.repositoryCreationTimes[repository] == nil { contents.repositoryCreationTimes[repository] = date }
        }
    }

    func pushTime(repository: String, digest: String) -> Date {
        box.withLockedValue { $0.pushTimes["\(repository)@\(digest)"] } ?? startTime
    }

    func creationTime(repository: String) -> Date {
        box.withLockedValue { $0.repositoryCreationTimes[repository] } ?? startTime
    }

    func stableID(_ key: String) -> Int {
        box.withLockedValue { contents in
            if let id = contents.ids[key] { return id }
            let id = contents.ids.count + 1
            contents.ids[key] = id
            return id
        }
    }

    // MARK: admin changes

    /// Creates or changes a user at run time (e.g. to let a test expire a session).
    func upsertUser(_ username: String, secret: String?, expired: Bool?, sysadmin: Bool?) throws -> Fixture.User {
        try box.withLockedValue { contents in
            if contents.robotPrefixes.contains(where: { !$0.isEmpty && username.hasPrefix($0) }) {
                throw FixtureError("\(username) starts with a robot prefix")
            }
            var user = contents.users[username] ?? Fixture.User(username: username, secret: secret ?? "")
            if user.secret.isEmpty && secret == nil { throw FixtureError("a new user needs a secret") }
            if let secret { user.secret = secret }
            if let expired { user.expired = expired }
            if let sysadmin { user.sysadmin = sysadmin }
            contents.users[username] = user
            return user
        }
    }

    /// `POST /api/v2.0/projects`: Harbor lets any authenticated user create a project by default.
    func createProject(name: String, isPublic: Bool, owner: String) throws -> ProjectRecord {
        try box.withLockedValue { contents in
            if contents.projects.contains(where: { $0.name == name }) {
                throw HarborError(status: .conflict, code: "CONFLICT", message: "The project named \(name) already exists")
            }
            let record = ProjectRecord(
                id: (contents.projects.map(\.id).max() ?? 0) + 1, name: name, isPublic: isPublic,
                members: [Fixture.Member(username: owner, role: ProjectRole.projectAdmin.rawValue)], creationTime: Date(),
                ownerName: owner)
            contents.projects.append(record)
            return record
        }
    }
}
