import HarborCore
import NIOCore

/// How the bottom layer connects: what TLS trusts, which proxy to use, and the time limits.
public struct ConnectionSettings: Sendable {
    public var trust: TLSTrust
    public var proxies: ProxySelection
    public var timeouts: PhaseTimeouts
    /// The command's `--timeout`, for messages: the limit `deadline` was set from.
    public var commandTimeout: Duration?
    /// When the command's time is up: the stack's one deadline (`TransportStack.deadline`), so
    /// that this layer and the ones above it stop at the same instant.
    public var deadline: NIODeadline?

    public init(trust: TLSTrust = TLSTrust(), proxies: ProxySelection = .direct, timeouts: PhaseTimeouts = .standard, commandTimeout: Duration? = nil, deadline: NIODeadline? = nil) {
        self.trust = trust
        self.proxies = proxies
        self.timeouts = timeouts
        self.commandTimeout = commandTimeout
        self.deadline = deadline
    }
}

/// A time limit per phase of a request (`TimeoutPhase`). Each is also cut short by the
/// command's deadline.
public struct PhaseTimeouts: Sendable, Equatable {
    public var connect: Duration
    public var firstByte: Duration
    public var idle: Duration

    public init(connect: Duration, firstByte: Duration, idle: Duration) {
        self.connect = connect
        self.firstByte = firstByte
        self.idle = idle
    }

    /// 10 s to connect (docker's dialer uses 30 s, but a refused or unreachable host fails at
    /// once anyway; this only bounds a silent drop), 30 s for the answer and per body pause.
    public static let standard = PhaseTimeouts(connect: .seconds(10), firstByte: .seconds(30), idle: .seconds(30))

    /// Each limit no longer than `limit` (a short `--timeout` shortens the phases too).
    public func capped(at limit: Duration) -> PhaseTimeouts {
        PhaseTimeouts(connect: min(connect, limit), firstByte: min(firstByte, limit), idle: min(idle, limit))
    }
}

extension Duration {
    /// NIO's spelling of the same length (`Duration.nanoseconds`, HarborCore).
    public var timeAmount: TimeAmount { .nanoseconds(nanoseconds) }
}
