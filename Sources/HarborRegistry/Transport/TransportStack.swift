import HarborCore
import NIOCore

/// What a transport stack is built for: one instance, the account (if any), and the user's
/// TLS, proxy and time settings.
public struct InstanceConnection: Sendable {
    public var instance: Instance
    public var credentials: BasicCredentials?
    /// `--ca-file`.
    public var caFile: String?
    /// `--timeout`: bounds the whole command.
    public var timeout: Duration?
    /// When the command's time is up; nil: `timeout` from when a stack is built. A command that
    /// opens several stacks one after another (doctor) sets it once, so that `timeout` bounds them all.
    public var deadline: NIODeadline?
    /// For `SSL_CERT_FILE`, the proxy variables and HOME (certs.d).
    public var environment: ProcessEnvironment
    /// Sent on every request (`UserAgentTransport`).
    public var userAgent: String
    /// Where `-D`/`--debug` writes one line per exchange (`TracingTransport`); nil: no trace.
    public var trace: TracingTransport.Sink?

    public init(instance: Instance, credentials: BasicCredentials? = nil, caFile: String? = nil, timeout: Duration? = nil, environment: ProcessEnvironment, userAgent: String = UserAgentTransport.named("harbor-plugins"), trace: TracingTransport.Sink? = nil) {
        self.instance = instance
        self.credentials = credentials
        self.caFile = caFile
        self.timeout = timeout
        self.environment = environment
        self.userAgent = userAgent
        self.trace = trace
    }

    /// `https://HOST[:PORT]`: requests are written against this; loopback servers that speak
    /// plain HTTP are reached through the fallback layer.
    public var baseURL: String { "https://\(instance.host)" }
}

/// The full transport for one instance, outermost first:
/// authentication → retry → loopback plain-HTTP fallback → trace (with `-D`/`--debug` only)
/// → user agent → AsyncHTTPClient (proxy, TLS, per-phase timeouts). Build it with `TransportStack.make(for:)`; commands get it from
/// `CommandContext` and call `shutdown()` when done.
public final class TransportStack: HTTPTransport {
    public let connection: InstanceConnection
    /// The layer that answers challenges; its token cache is shared by every request.
    public let authentication: AuthenticatingTransport
    public let fallback: LoopbackPlainHTTPFallback
    /// When the command's time is up (`connection.timeout` after the stack was built): the one
    /// deadline every layer and every client above the stack (API pages, uploads) stops at.
    public let deadline: NIODeadline?
    private let top: any HTTPTransport
    private let closeBottom: @Sendable () async -> Void

    /// Builds the stack over `bottom` (the real network, or a test's own bottom layer).
    /// `settings`: what `bottom` connects with, for the trace; by default what the real network
    /// would use for `connection`. `deadline`: by default `connection.timeout` from now.
    public init(connection: InstanceConnection, bottom: any HTTPTransport, settings: ConnectionSettings? = nil, deadline: NIODeadline? = nil, retry: RetryPolicy = .standard, close: @escaping @Sendable () async -> Void = {}) {
        let deadline = deadline ?? Self.deadline(for: connection)
        self.connection = connection
        self.deadline = deadline
        var below: any HTTPTransport = UserAgentTransport(inner: bottom, userAgent: connection.userAgent)
        if let sink = connection.trace {
            let proxies = settings?.proxies ?? ProxySelection(environment: connection.environment)
            let trust = settings?.trust ?? (try? TLSTrust.discover(for: connection.instance, caFile: connection.caFile, environment: connection.environment)) ?? TLSTrust()
            below = TracingTransport(inner: below, sink: sink, proxies: proxies, trust: trust)
        }
        fallback = LoopbackPlainHTTPFallback(inner: below)
        let retrying = RetryingTransport(inner: fallback, policy: retry, deadline: deadline)
        authentication = AuthenticatingTransport(inner: retrying, credentials: connection.credentials, base: connection.baseURL)
        top = authentication
        closeBottom = close
    }

    /// The real stack: TLS trust from `--ca-file`, `SSL_CERT_FILE` and docker's certs.d; proxies
    /// from the environment; `--timeout` as the deadline of everything.
    public static func make(for connection: InstanceConnection, timeouts: PhaseTimeouts = .standard) throws(TransportError) -> TransportStack {
        let deadline = deadline(for: connection)
        let bottom = try network(for: connection, timeouts: timeouts, deadline: deadline)
        return TransportStack(connection: connection, bottom: bottom, settings: bottom.settings, deadline: deadline, close: { await bottom.shutdown() })
    }

    /// The real network for `connection`, the bottom layer alone: TLS trust, proxies, per-phase
    /// limits within `--timeout`, nothing past `deadline`. For callers that put the layers above
    /// it themselves (completion).
    public static func network(for connection: InstanceConnection, timeouts: PhaseTimeouts = .standard, deadline: NIODeadline? = nil) throws(TransportError) -> AsyncHTTPClientTransport {
        let trust = try TLSTrust.discover(for: connection.instance, caFile: connection.caFile, environment: connection.environment)
        let settings = ConnectionSettings(
            trust: trust, proxies: ProxySelection(environment: connection.environment),
            timeouts: connection.timeout.map { timeouts.capped(at: $0) } ?? timeouts, commandTimeout: connection.timeout, deadline: deadline)
        return try AsyncHTTPClientTransport(settings: settings)
    }

    /// `connection.deadline`, else `connection.timeout` from now, or none.
    static func deadline(for connection: InstanceConnection) -> NIODeadline? {
        connection.deadline ?? connection.timeout.map { .now() + $0.timeAmount }
    }

    /// `baseURL + path`.
    public func url(_ path: String) -> String { connection.baseURL + path }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await top.send(request)
    }

    /// Whether the instance turned out to speak plain HTTP (loopback only).
    public var usesPlainHTTP: Bool { fallback.usesPlainHTTP(for: connection.baseURL) }

    public func shutdown() async {
        await closeBottom()
    }

    /// Runs `body` with the stack and shuts it down afterwards, whatever happens.
    public func use<T>(_ body: (TransportStack) async throws -> T) async throws -> T {
        do {
            let result = try await body(self)
            await shutdown()
            return result
        } catch {
            await shutdown()
            throw error
        }
    }
}
