import Foundation
import HarborCore
import HarborCredentials
import HarborRegistry

/// What `doctor` found out about one instance, gathered once (`DoctorFactGatherer`) and judged by
/// every `DoctorCheck`. Plain values, so tests can build any situation without a network.
public struct DoctorFacts: Sendable {
    public var instance: Instance
    /// This machine's time when Harbor answered (the command's clock).
    public var now: Date
    public var environment: ProcessEnvironment
    /// `--ca-file`.
    public var caFile: String?
    /// The default project (`docker harbor use`, `HARBOR_PROJECT`), if set.
    public var defaultProject: String?
    public var robotPrefixes: [String]
    /// Whose login counts: `docker harbor doctor` or `helm harbor doctor`.
    public var consumer: CredentialChain.Consumer

    public var addresses: AddressLookup = .notChecked
    public var proxy: ProxyChoice = .direct(reason: "no HTTPS_PROXY is set")
    public var registry: RegistryReach = .notChecked
    public var trust: TrustAttribution = .notChecked
    public var credential: CredentialFact = .missing("not looked up")
    /// When these credentials last worked with the plugins (`CredentialFreshnessFile`).
    public var lastWorked: Date?
    public var verification: VerificationFact = .notChecked
    public var systemInfo: APIAnswer = .notChecked
    /// Where docker reads this host's login, and what it holds there.
    public var dockerStore: StoreFact = .unreadable("not looked up")
    /// What Helm's own registry config holds for the host (read before docker's).
    public var helmStore: StoreFact = .unreadable("not looked up")
    public var projectRole: RoleFact = .notSet

    public init(
        instance: Instance, now: Date, environment: ProcessEnvironment, caFile: String? = nil, defaultProject: String? = nil,
        robotPrefixes: [String] = ["robot$", "doaas-"], consumer: CredentialChain.Consumer = .docker
    ) {
        self.instance = instance
        self.now = now
        self.environment = environment
        self.caFile = caFile
        self.defaultProject = defaultProject
        self.robotPrefixes = robotPrefixes
        self.consumer = consumer
    }

    /// What the host name resolved to.
    public enum AddressLookup: Sendable, Equatable {
        case notChecked
        case resolved([String])
        case failed(String)
    }

    /// The proxy for `https://HOST`, decided as `ProxySelection` (Go's rules) decides it.
    public enum ProxyChoice: Sendable, Equatable {
        /// No proxy, and why (no variable, loopback, a `NO_PROXY` match).
        case direct(reason: String)
        /// Through this proxy (shown without credentials), named by this variable.
        case proxy(ProxyServer, variable: String)
        /// The variable that applies cannot be used.
        case misconfigured(String)
    }

    /// `GET /v2/` without credentials: the challenge, the `Date`, the scheme the answer came over.
    public enum RegistryReach: Sendable, Equatable {
        case notChecked
        case answered(RegistryAnswer)
        case failed(TransportError)
        /// An error that is not the transport's (shown as it is).
        case failedOther(String)
    }

    public struct RegistryAnswer: Sendable, Equatable {
        public var status: Int
        /// Over `http` only for loopback instances that speak plain HTTP.
        public var scheme: HarborEndpoint.Scheme
        public var date: String?
        public var challenge: String?
        public var contentType: String?

        public init(status: Int, scheme: HarborEndpoint.Scheme, date: String?, challenge: String?, contentType: String?) {
            self.status = status
            self.scheme = scheme
            self.date = date
            self.challenge = challenge
            self.contentType = contentType
        }
    }

    /// Which CA source made TLS trust Harbor's certificate.
    public enum TrustAttribution: Sendable, Equatable {
        case notChecked
        /// Plain HTTP (loopback only): no TLS to check.
        case plainHTTP
        /// Trusted; the source in words (`the system store`, `--ca-file PATH`, …).
        case trusted(by: String)
        /// The handshake failed with every source; why.
        case untrusted(String)
    }

    /// The credential chain's answer for the host.
    public enum CredentialFact: Sendable, Equatable {
        case found(ResolvedCredential)
        /// Nothing stored; the chain's message.
        case missing(String)
        /// A store could not be read; the chain's message.
        case unreadable(String)
    }

    /// `GET /v2/` with the credentials (`CredentialVerifier`).
    public enum VerificationFact: Sendable, Equatable {
        case notChecked
        case accepted
        case rejected
        case unexpected(status: Int, detail: String)
        case failed(String)
    }

    /// `GET /api/v2.0/systeminfo`: what came back, before any decoding.
    public enum APIAnswer: Sendable, Equatable {
        case notChecked
        case answered(status: Int, contentType: String?, body: [UInt8])
        case failed(String)
    }

    /// A login store's view of the host.
    public enum StoreFact: Sendable, Equatable {
        /// Where reads go (words), the username stored there (nil: nothing stored), and whether
        /// its secret is the one the credential chain answered with (never the secret itself).
        case store(location: String, username: String?, sameSecret: Bool)
        case unreadable(String)
    }

    /// The caller's role in the default project, from Harbor's project list (allowed for CLI
    /// secrets in 2.7, goharbor/harbor src/server/middleware/security/oidc_cli.go).
    public enum RoleFact: Sendable, Equatable {
        /// No default project is set.
        case notSet
        case member(ProjectRole)
        /// A robot account: what the token service grants it in the project.
        case access(pull: Bool, push: Bool)
        /// Listed, but without a role of the caller's (a public project).
        case notMember(isPublic: Bool)
        /// Not in the list the caller sees: missing, or private and not a member.
        case notListed
        /// Not asked (no working credentials) or the list failed; why.
        case unknown(String)
    }
}
