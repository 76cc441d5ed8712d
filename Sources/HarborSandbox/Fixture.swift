import Foundation
import HarborCore

/// What a sandbox starts with: users, robots, projects and optional pre-pushed content.
///
/// Every field except `users`/`projects` has a default, so a fixture can be as small as
/// `{"users":[{"username":"alice","secret":"Alice1234"}],"projects":[{"name":"demo"}]}`.
public struct Fixture: Codable, Sendable, Equatable {
    /// Prefixes that mark a Basic-auth username as a robot account. Harbor's default is `robot$`
    /// (`robot_name_prefix`, goharbor/harbor v2.7.0 src/lib/config/metadata/metadatalist.go);
    /// DevOps-as-a-Service installations use `doaas-`.
    public var robotPrefixes: [String]
    public var users: [User]
    public var robots: [Robot]
    public var projects: [Project]
    public var faults: [Fault]
    /// `token_expiration` in minutes (Harbor's default is 30; goharbor/harbor v2.7.0,
    /// src/lib/config/metadata/metadatalist.go).
    public var tokenExpirationMinutes: Int
    /// Reported by `/api/v2.0/systeminfo`; `v2.9`+ changes the cosign refusal's wording.
    public var harborVersion: String
    /// Harbor's read-only mode from the start (ReadOnlyMode).
    public var readOnly: Bool

    public static let defaultRobotPrefixes = ["robot$", "doaas-"]

    public init(
        robotPrefixes: [String] = Fixture.defaultRobotPrefixes,
        users: [User] = [],
        robots: [Robot] = [],
        projects: [Project] = [],
        faults: [Fault] = [],
        tokenExpirationMinutes: Int = 30,
        harborVersion: String = "v2.7.0-sandbox",
        readOnly: Bool = false
    ) {
        self.robotPrefixes = robotPrefixes
        self.users = users
        self.robots = robots
        self.projects = projects
        self.faults = faults
        self.tokenExpirationMinutes = tokenExpirationMinutes
        self.harborVersion = harborVersion
        self.readOnly = readOnly
    }

    enum CodingKeys: String, CodingKey {
        case robotPrefixes, users, robots, projects, faults, tokenExpirationMinutes, harborVersion, readOnly
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            robotPrefixes: try c.decodeIfPresent([String].self, forKey: .robotPrefixes) ?? Fixture.defaultRobotPrefixes,
            users: try c.decodeIfPresent([User].self, forKey: .users) ?? [],
            robots: try c.decodeIfPresent([Robot].self, forKey: .robots) ?? [],
            projects: try c.decodeIfPresent([Project].self, forKey: .projects) ?? [],
            faults: try c.decodeIfPresent([Fault].self, forKey: .faults) ?? [],
            tokenExpirationMinutes: try c.decodeIfPresent(Int.self, forKey: .tokenExpirationMinutes) ?? 30,
            harborVersion: try c.decodeIfPresent(String.self, forKey: .harborVersion) ?? "v2.7.0-sandbox",
            readOnly: try c.decodeIfPresent(Bool.self, forKey: .readOnly) ?? false
        )
    }

    /// An OIDC user who logs in with a CLI secret.
    public struct User: Codable, Sendable, Equatable {
        public var username: String
        public var secret: String
        /// The user's OIDC refresh token is dead: every check fails like a wrong secret
        /// (goharbor/harbor v2.7.0, src/pkg/oidc/secret.go).
        public var expired: Bool
        public var sysadmin: Bool

        public init(username: String, secret: String, expired: Bool = false, sysadmin: Bool = false) {
            self.username = username
            self.secret = secret
            self.expired = expired
            self.sysadmin = sysadmin
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                username: try c.decode(String.self, forKey: .username),
                secret: try c.decode(String.self, forKey: .secret),
                expired: try c.decodeIfPresent(Bool.self, forKey: .expired) ?? false,
                sysadmin: try c.decodeIfPresent(Bool.self, forKey: .sysadmin) ?? false
            )
        }
    }

    /// A robot account, named with its full prefix, e.g. `robot$demo+ci` or `doaas-demo+jenkins`.
    public struct Robot: Codable, Sendable, Equatable {
        public var name: String
        public var secret: String
        public var disabled: Bool
        /// When empty, a project robot (`<prefix><PKEY>+<name>`) gets pull and push on its project.
        public var permissions: [Permission]

        public init(name: String, secret: String, disabled: Bool = false, permissions: [Permission] = []) {
            self.name = name
            self.secret = secret
            self.disabled = disabled
            self.permissions = permissions
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                name: try c.decode(String.self, forKey: .name),
                secret: try c.decode(String.self, forKey: .secret),
                disabled: try c.decodeIfPresent(Bool.self, forKey: .disabled) ?? false,
                permissions: try c.decodeIfPresent([Permission].self, forKey: .permissions) ?? []
            )
        }
    }

    public struct Permission: Codable, Sendable, Equatable {
        public var project: String
        /// Any of `pull`, `push`, `delete`.
        public var actions: [String]

        public init(project: String, actions: [String]) {
            self.project = project
            self.actions = actions
        }
    }

    public struct Project: Codable, Sendable, Equatable {
        public var name: String
        public var `public`: Bool
        public var members: [Member]
        public var repositories: [SeedRepository]
        /// What the project refuses (ProjectPolicy); nil refuses nothing.
        var policy: ProjectPolicy?

        public init(name: String, public: Bool = false, members: [Member] = [], repositories: [SeedRepository] = []) {
            self.name = name
            self.public = `public`
            self.members = members
            self.repositories = repositories
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                name: try c.decode(String.self, forKey: .name),
                public: try c.decodeIfPresent(Bool.self, forKey: .public) ?? false,
                members: try c.decodeIfPresent([Member].self, forKey: .members) ?? [],
                repositories: try c.decodeIfPresent([SeedRepository].self, forKey: .repositories) ?? []
            )
            policy = try c.decodeIfPresent(ProjectPolicy.self, forKey: .policy)
        }
    }

    /// A project member: role 1 projectAdmin, 2 developer, 3 guest, 4 maintainer, 5 limitedGuest.
    public struct Member: Codable, Sendable, Equatable {
        public var username: String
        public var role: Int

        public init(username: String, role: Int) {
            self.username = username
            self.role = role
        }
    }

    /// Content pushed into the registry at start-up.
    public struct SeedRepository: Codable, Sendable, Equatable {
        public enum Kind: String, Codable, Sendable { case image, chart }
        /// Repository name inside the project, e.g. `app` or `team/app` (for a chart: the chart name).
        public var name: String
        public var kind: Kind
        /// Image tags; for a chart, the chart version is the tag.
        public var tags: [String]

        public init(name: String, kind: Kind = .image, tags: [String] = ["latest"]) {
            self.name = name
            self.kind = kind
            self.tags = tags
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let kind = try c.decodeIfPresent(Kind.self, forKey: .kind) ?? .image
            self.init(
                name: try c.decode(String.self, forKey: .name),
                kind: kind,
                tags: try c.decodeIfPresent([String].self, forKey: .tags) ?? [kind == .chart ? "0.1.0" : "latest"]
            )
        }
    }
}

/// A fixture that cannot be served, with the part that is wrong.
public struct FixtureError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Fixture {
    /// Reads and validates a fixture file.
    public static func load(from url: URL) throws -> Fixture {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw FixtureError("cannot read fixture \(url.path): \(error.localizedDescription)")
        }
        let fixture: Fixture
        do {
            fixture = try JSONDecoder().decode(Fixture.self, from: data)
        } catch {
            throw FixtureError("fixture \(url.path) is not valid: \(error)")
        }
        try fixture.validate()
        return fixture
    }

    static let namePattern = #"^[a-z0-9]+(?:[._-][a-z0-9]+)*$"#

    /// Checks names, roles and references between users, robots and projects.
    public func validate() throws {
        // An empty prefix is allowed: Harbor accepts `robot_name_prefix` "" through v2.15.2 (main
        // refuses it since goharbor/harbor#22556), and from 2.8 it makes every name a robot's, so no
        // user's CLI secret works (`--harbor-version`). It is no reason to refuse a user's name.
        var seen = Set<String>()
        for user in users {
            if user.username.isEmpty { throw FixtureError("a user has an empty username") }
            if robotPrefixes.contains(where: { !$0.isEmpty && user.username.hasPrefix($0) }) {
                throw FixtureError("user \(user.username) starts with a robot prefix; list it under robots")
            }
            if !seen.insert(user.username).inserted { throw FixtureError("user \(user.username) is listed twice") }
        }
        for robot in robots {
            if !robotPrefixes.contains(where: { robot.name.hasPrefix($0) }) {
                throw FixtureError("robot \(robot.name) does not start with any of the robot prefixes \(robotPrefixes)")
            }
            if !seen.insert(robot.name).inserted { throw FixtureError("robot \(robot.name) is listed twice") }
            for permission in robot.permissions {
                for action in permission.actions where !["pull", "push", "delete"].contains(action) {
                    throw FixtureError("robot \(robot.name): unknown action \(action) (use pull, push, delete)")
                }
            }
        }
        var projectNames = Set<String>()
        for project in projects {
            if project.name.range(of: Fixture.namePattern, options: .regularExpression) == nil {
                throw FixtureError("project name \(project.name) is not valid (\(Fixture.namePattern))")
            }
            if !projectNames.insert(project.name).inserted { throw FixtureError("project \(project.name) is listed twice") }
            for member in project.members {
                if ProjectRole(rawValue: member.role) == nil {
                    throw FixtureError("project \(project.name): member \(member.username) has unknown role \(member.role) (1…5)")
                }
                if !seen.contains(member.username) {
                    throw FixtureError("project \(project.name): member \(member.username) is neither a user nor a robot")
                }
            }
            for repository in project.repositories {
                let components = repository.name.split(separator: "/", omittingEmptySubsequences: false)
                if components.isEmpty || components.contains(where: {
                    String($0).range(of: Fixture.namePattern, options: .regularExpression) == nil
                }) {
                    throw FixtureError("project \(project.name): repository name \(repository.name) is not valid")
                }
                if repository.tags.isEmpty { throw FixtureError("repository \(project.name)/\(repository.name) has no tags") }
            }
        }
        for fault in faults { try fault.validate() }
    }
}
