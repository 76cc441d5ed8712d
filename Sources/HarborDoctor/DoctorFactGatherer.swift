import Foundation
import HarborAPI
import HarborCore
import HarborCredentials
import HarborRegistry
import NIOCore
import NIOHTTP1

/// Gathers `DoctorFacts` for one instance: the name, the proxy, `GET /v2/` without credentials
/// (challenge, `Date`, TLS), the credential chain, `GET /v2/` with the credentials, systeminfo and
/// the default project. Every request is one a CLI secret may make in Harbor 2.7
/// (goharbor/harbor src/server/middleware/security/oidc_cli.go, v2.7.0: `/v2`, `/service/token`,
/// `GET /api/v2.0/systeminfo`, `GET /api/v2.0/projects`). The network, clock, resolver and
/// trust probe come from the caller (the command's `CommandContext`), so tests can drive it.
public struct DoctorFactGatherer: Sendable {
    public var facts: DoctorFacts
    public var chain: CredentialChain
    public var network: NetworkAccess
    public var resolver: HostResolver
    public var trustProbe: TrustProbe
    public var clock: WallClock
    /// Bounds the whole run (the command's `--timeout`): every connection gets what is left of it.
    public var timeout: Duration
    public var userAgent: String
    public var trace: TracingTransport.Sink?

    /// `facts`: the instance, settings and environment, still without findings.
    public init(
        facts: DoctorFacts, chain: CredentialChain, network: NetworkAccess, resolver: HostResolver = .system, trustProbe: TrustProbe = .live,
        clock: WallClock = .system, timeout: Duration = .seconds(30), userAgent: String, trace: TracingTransport.Sink? = nil
    ) {
        self.facts = facts
        self.chain = chain
        self.network = network
        self.resolver = resolver
        self.trustProbe = trustProbe
        self.clock = clock
        self.timeout = timeout
        self.userAgent = userAgent
        self.trace = trace
    }

    public func gather() async -> DoctorFacts {
        // One deadline for every connection of the run: `--timeout` bounds the report, not each
        // exchange; what cannot finish in time says that the command's timeout ran out.
        let deadline = NIODeadline.now() + timeout.timeAmount
        func connection(credentials: BasicCredentials?) -> InstanceConnection {
            var connection = self.connection(credentials: credentials)
            connection.deadline = deadline
            return connection
        }
        var facts = self.facts
        let instance = facts.instance
        let host = instance.host
        facts.addresses = resolver.resolve(instance.hostname)
        facts.proxy = Self.proxyChoice(for: instance, environment: facts.environment)

        // 1. The way there, without credentials.
        let anonymous = connection(credentials: nil)
        do {
            let stack = try network.open(anonymous)
            facts.registry = await Self.reach(stack)
            await stack.shutdown()
        } catch {
            facts.registry = Self.failure(error)
        }
        facts.now = clock.now()
        switch facts.registry {
        case .answered(let answer):
            facts.trust = answer.scheme == .http ? .plainHTTP : await trustProbe.attribute(connection(credentials: nil))
        case .failed(.tlsFailure(_, let reason)):
            facts.trust = .untrusted(reason)
        default:
            facts.trust = .notChecked
        }

        // 2. The login, from the one chain.
        var credential: ResolvedCredential?
        do {
            let found = try chain.require(host, for: facts.consumer)
            credential = found
            facts.credential = .found(found)
        } catch let error {
            if case .notLoggedIn = error {
                facts.credential = .missing(CredentialChainFailureText.text(error))
            } else {
                facts.credential = .unreadable(CredentialChainFailureText.text(error))
            }
        }
        let freshness = CredentialFreshnessFile(environment: facts.environment)
        if let credential {
            facts.lastWorked = freshness.record(host: host, username: credential.username)?.lastSuccess
            facts.dockerStore = dockerStore(credential)
            facts.helmStore = helmStore(credential)
        }

        // 3. What Harbor makes of it.
        guard case .answered = facts.registry else { return facts }
        let basic = credential.map { BasicCredentials(username: $0.username, secret: $0.secret) }
        let stack: TransportStack
        do {
            stack = try network.open(connection(credentials: basic))
        } catch {
            facts.verification = .failed("\(Self.failure(error))")
            return facts
        }
        if let credential {
            do {
                switch try await CredentialVerifier.verify(using: stack) {
                case .accepted:
                    facts.verification = .accepted
                    try? freshness.recordSuccess(host: host, username: credential.username, now: clock.now())
                case .rejected: facts.verification = .rejected
                case .unexpected(_, let status, let detail): facts.verification = .unexpected(status: status, detail: detail)
                }
            } catch {
                facts.verification = .failed(Self.message(error))
            }
        }
        facts.systemInfo = await Self.systemInfo(stack)
        facts.projectRole = await projectRole(credential: credential, stack: stack, verified: facts.verification == .accepted)
        await stack.shutdown()
        return facts
    }

    // MARK: steps

    private func connection(credentials: BasicCredentials?) -> InstanceConnection {
        InstanceConnection(
            instance: facts.instance, credentials: credentials, caFile: facts.caFile, timeout: timeout, environment: facts.environment,
            userAgent: userAgent, trace: trace)
    }

    static func proxyChoice(for instance: Instance, environment: ProcessEnvironment) -> DoctorFacts.ProxyChoice {
        let variable = ["HTTPS_PROXY", "https_proxy"].first { environment[$0].map { !$0.isEmpty } ?? false }
        guard let variable else { return .direct(reason: "no HTTPS_PROXY is set") }
        let port = instance.host.split(separator: ":").last.flatMap { Int($0) } ?? 443
        let selection = ProxySelection(environment: environment)
        do {
            if let proxy = try selection.proxy(scheme: "https", host: instance.hostname, port: port) {
                return .proxy(proxy, variable: variable)
            }
        } catch {
            return .misconfigured(error.description)
        }
        if instance.isLoopback { return .direct(reason: "\(variable) is set, but loopback hosts are never proxied") }
        let noProxy = ["NO_PROXY", "no_proxy"].first { environment[$0].map { !$0.isEmpty } ?? false }
        return .direct(reason: "\(variable) is set, but \(noProxy ?? "NO_PROXY")=\(noProxy.flatMap { environment[$0] } ?? "") matches \(instance.hostname)")
    }

    /// Below the authentication layer, so the challenge itself comes back (not the answer to a
    /// token fetched for it) and a broken realm cannot hide the answer.
    static func reach(_ stack: TransportStack) async -> DoctorFacts.RegistryReach {
        do {
            let response = try await stack.fallback.send(HTTPRequest(method: .GET, url: stack.url("/v2/"), deadline: stack.deadline))
            await response.body.discard()
            return .answered(
                DoctorFacts.RegistryAnswer(
                    status: Int(response.status.code), scheme: stack.usesPlainHTTP ? .http : .https, date: response.headers.first(name: "Date"),
                    challenge: response.headers.first(name: "WWW-Authenticate"), contentType: response.headers.first(name: "Content-Type")))
        } catch {
            return failure(error)
        }
    }

    static func systemInfo(_ stack: TransportStack) async -> DoctorFacts.APIAnswer {
        do {
            let response = try await stack.send(
                HTTPRequest(method: .GET, url: stack.url("/api/v2.0/systeminfo"), headers: ["Accept": "application/json"]))
            let body = (try? await response.body.collect(upTo: 1 << 20)) ?? []
            return .answered(status: Int(response.status.code), contentType: response.headers.first(name: "Content-Type"), body: body)
        } catch {
            return .failed(message(error))
        }
    }

    private func projectRole(credential: ResolvedCredential?, stack: TransportStack, verified: Bool) async -> DoctorFacts.RoleFact {
        guard let project = facts.defaultProject else { return .notSet }
        guard let credential, verified else { return .unknown("no working login for \(facts.instance.host)") }
        let account = AccountKind(username: credential.username, robotPrefixes: facts.robotPrefixes)
        do {
            if account.isRobot {
                let access = try await AccessProbe.access(to: project, using: stack)
                return .access(pull: access.pull, push: access.push)
            }
            let client = HarborAPIClient(baseURL: stack.connection.baseURL, transport: stack, deadline: stack.deadline)
            guard let listed = try await client.projects(nameContains: project).first(where: { $0.name == project }) else { return .notListed }
            if let role = listed.role { return .member(role) }
            return .notMember(isPublic: listed.isPublic ?? true)
        } catch {
            return .unknown(Self.message(error))
        }
    }

    private func dockerStore(_ credential: ResolvedCredential) -> DoctorFacts.StoreFact {
        let host = facts.instance.host
        let docker = chain.docker
        let words: String
        do {
            switch try docker.destination(for: host) {
            case .helper(let name, let origin): words = "docker-credential-\(name), named by \(origin.key) in \(origin.path)"
            case .platformDefaultHelper(let name): words = "docker-credential-\(name), docker's default helper"
            case .file(let path): words = "auths in \(path)"
            }
        } catch {
            return .unreadable(error.description)
        }
        if case .docker = credential.source { return .store(location: words, username: credential.username, sameSecret: true) }
        do {
            let stored = try docker.credential(for: host)
            return .store(location: words, username: stored?.username, sameSecret: stored?.secret == credential.secret)
        } catch {
            return .unreadable(error.description)
        }
    }

    private func helmStore(_ credential: ResolvedCredential) -> DoctorFacts.StoreFact {
        let host = facts.instance.host
        let helm = chain.helm
        if case .helm(let location) = credential.source { return .store(location: "\(location)", username: credential.username, sameSecret: true) }
        do {
            let stored = try helm.store.credential(for: host)
            return .store(location: stored.map { "\($0.location)" } ?? helm.path, username: stored?.username, sameSecret: stored?.secret == credential.secret)
        } catch {
            return .unreadable(error.description)
        }
    }

    // MARK: errors

    static func failure(_ error: any Error) -> DoctorFacts.RegistryReach {
        if let error = error as? ConnectionError { return .failed(error.reason) }
        if let error = error as? TransportError { return .failed(error) }
        return .failedOther(message(error))
    }

    static func message(_ error: any Error) -> String {
        if let error = error as? ConnectionError { return error.reason.description }
        if let error = error as? any UserFacingError { return error.message }
        return "\(error)"
    }
}

/// The credential chain's error as one line (its message and, for "not logged in", what it passed over).
enum CredentialChainFailureText {
    static func text(_ error: CredentialChainError) -> String {
        if case .notLoggedIn(_, let notes) = error, !notes.isEmpty { return error.description + " (" + notes.joined(separator: "; ") + ")" }
        return error.description
    }
}
