import Foundation

/// The fixture a sandbox starts from, as a Swift value. It encodes to the JSON `harbor-sandbox --fixture`
/// reads (the schema of `HarborSandbox.Fixture`; HarborSandboxTests checks that the two agree).
public struct SandboxFixture: Codable, Sendable, Equatable {
    public var robotPrefixes: [String]
    public var users: [User]
    public var robots: [Robot]
    public var projects: [Project]
    public var faults: [SandboxFault]
    public var tokenExpirationMinutes: Int
    public var harborVersion: String
    /// Harbor's read-only mode from the start.
    public var readOnly: Bool

    public init(
        robotPrefixes: [String] = ["robot$", "doaas-"], users: [User] = [], robots: [Robot] = [], projects: [Project] = [],
        faults: [SandboxFault] = [], tokenExpirationMinutes: Int = 30, harborVersion: String = "v2.7.0-sandbox",
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

    public struct User: Codable, Sendable, Equatable {
        public var username: String
        public var secret: String
        public var expired: Bool
        public var sysadmin: Bool
        public init(_ username: String, secret: String, expired: Bool = false, sysadmin: Bool = false) {
            self.username = username
            self.secret = secret
            self.expired = expired
            self.sysadmin = sysadmin
        }
    }

    /// `name` includes its prefix: `robot$PKEY+name` or `doaas-PKEY+name`.
    public struct Robot: Codable, Sendable, Equatable {
        public var name: String
        public var secret: String
        public var disabled: Bool
        public var permissions: [Permission]
        public init(_ name: String, secret: String, disabled: Bool = false, permissions: [Permission] = []) {
            self.name = name
            self.secret = secret
            self.disabled = disabled
            self.permissions = permissions
        }
    }

    public struct Permission: Codable, Sendable, Equatable {
        public var project: String
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
        public var repositories: [Repository]
        public var policy: Policy?
        public init(
            _ name: String, public: Bool = false, members: [Member] = [], repositories: [Repository] = [], policy: Policy? = nil
        ) {
            self.name = name
            self.public = `public`
            self.members = members
            self.repositories = repositories
            self.policy = policy
        }
    }

    /// What a project refuses (the sandbox's ProjectPolicy): vulnerable or unsigned pulls, re-pushed
    /// immutable tags, pushes over the storage quota.
    public struct Policy: Codable, Sendable, Equatable {
        public var preventVulnerable: Bool
        /// `low`, `medium`, `high` or `critical`
        public var severity: String
        public var cosignRequired: Bool
        public var immutableTags: [ImmutableTagRule]
        public var storageLimitBytes: Int64?
        public init(
            preventVulnerable: Bool = false, severity: String = "low", cosignRequired: Bool = false,
            immutableTags: [ImmutableTagRule] = [], storageLimitBytes: Int64? = nil
        ) {
            self.preventVulnerable = preventVulnerable
            self.severity = severity
            self.cosignRequired = cosignRequired
            self.immutableTags = immutableTags
            self.storageLimitBytes = storageLimitBytes
        }
    }

    public struct ImmutableTagRule: Codable, Sendable, Equatable {
        public var repositories: String
        public var tags: String
        public init(repositories: String = "**", tags: String) {
            self.repositories = repositories
            self.tags = tags
        }
    }

    /// One vulnerability a scan found.
    public struct Vulnerability: Codable, Sendable, Equatable {
        public var id: String
        /// `Low`, `Medium`, `High`, `Critical`, …
        public var severity: String
        public var package: String
        public init(_ id: String, _ severity: String, package: String = "openssl") {
            self.id = id
            self.severity = severity
            self.package = package
        }
    }

    /// Harbor role ids.
    public enum Role: Int, Codable, Sendable {
        case projectAdmin = 1, developer = 2, guest = 3, maintainer = 4, limitedGuest = 5
    }

    public struct Member: Codable, Sendable, Equatable {
        public var username: String
        public var role: Int
        public init(_ username: String, _ role: Role) {
            self.username = username
            self.role = role.rawValue
        }
    }

    /// Content pushed before the sandbox is ready: an image with tags, or a chart whose versions are the tags.
    public struct Repository: Codable, Sendable, Equatable {
        public enum Kind: String, Codable, Sendable { case image, chart }
        public var name: String
        public var kind: Kind
        public var tags: [String]
        public init(_ name: String, kind: Kind = .image, tags: [String]) {
            self.name = name
            self.kind = kind
            self.tags = tags
        }
    }
}

/// A failure injected for paths starting with `pathPrefix` (see `harbor-sandbox`'s Faults).
public struct SandboxFault: Codable, Sendable, Equatable {
    public var pathPrefix: String
    public var method: String?
    public var latencyMs: Int?
    public var status: Int?
    /// With `status`: the `Retry-After` header sent with it.
    public var retryAfter: String?
    public var truncateAfterBytes: Int?
    public var stall: Bool
    public var drop: Bool
    public var times: Int?

    public init(
        pathPrefix: String, method: String? = nil, latencyMs: Int? = nil, status: Int? = nil, retryAfter: String? = nil,
        truncateAfterBytes: Int? = nil, stall: Bool = false, drop: Bool = false, times: Int? = nil
    ) {
        self.pathPrefix = pathPrefix
        self.method = method
        self.latencyMs = latencyMs
        self.status = status
        self.retryAfter = retryAfter
        self.truncateAfterBytes = truncateAfterBytes
        self.stall = stall
        self.drop = drop
        self.times = times
    }
}

/// One logged request (never a secret: only the Basic username).
public struct SandboxRequest: Codable, Sendable, Equatable {
    public var method: String
    public var path: String
    public var query: String?
    /// `none`, `basic`, `bearer` or `other`
    public var auth: String
    public var username: String?
    public var status: Int?

    public init(method: String, path: String, query: String? = nil, auth: String, username: String? = nil, status: Int? = nil) {
        self.method = method
        self.path = path
        self.query = query
        self.auth = auth
        self.username = username
        self.status = status
    }
}
