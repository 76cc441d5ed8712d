import HarborCore


/// How commands reach Harbor: builds the transport stack for an instance. Production uses
/// `.live`; tests hand in their own (say, the real stack over a recording bottom layer). A
/// context made without one has `.unconfigured`, which refuses loudly, so a test that forgot to
/// decide about the network cannot quietly reach one (swiftly's test context does the same).
public struct NetworkAccess: Sendable {
    public let open: @Sendable (InstanceConnection) throws -> TransportStack

    public init(open: @escaping @Sendable (InstanceConnection) throws -> TransportStack) {
        self.open = open
    }

    /// The real network: proxies from the environment, TLS trust, per-phase timeouts.
    public static let live = NetworkAccess { connection in try TransportStack.make(for: connection) }

    /// The real stack over a bottom layer of the caller's choosing.
    public static func bottom(_ make: @escaping @Sendable (InstanceConnection) -> any HTTPTransport) -> NetworkAccess {
        NetworkAccess { connection in TransportStack(connection: connection, bottom: make(connection)) }
    }

    /// No network: every attempt fails with `NetworkNotConfigured`.
    public static let unconfigured = NetworkAccess { connection in throw NetworkNotConfigured(host: connection.instance.host) }
}

/// A command tried to reach the network in a context that has none configured.
public struct NetworkNotConfigured: UserFacingError, CustomStringConvertible {
    public let host: String
    public var description: String {
        "this CommandContext has no network configured, yet the command tried to reach \(host); pass network: .live or a test transport"
    }
    public var message: String { description }
    public var exitStatus: ExitStatus { .failure }
}
