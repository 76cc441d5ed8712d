import NIOCore

/// How the bottom layer connects: what TLS trusts, which proxy to use, and the time limits.
public struct ConnectionSettings: Sendable {
    public var trust: TLSTrust
    public var proxies: ProxySelection
    public var timeouts: PhaseTimeouts
    /// The command's `--timeout`: no request of the command runs past `start + commandTimeout`.
    public var commandTimeout: Duration?
    /// When the command's time is up (set from `commandTimeout` when the stack is built).
    public var deadline: NIODeadline?

    public init(trust: TLSTrust = TLSTrust(), proxies: ProxySelection = .direct, timeouts: PhaseTimeouts = .standard, commandTimeout: Duration? = nil) {
        self.trust = trust
        self.proxies = proxies
        self.timeouts = timeouts
        self.commandTimeout = commandTimeout
        self.deadline = commandTimeout.map { .now() + .nanoseconds(Int64($0.components.seconds) * 1_000_000_000 + $0.components.attoseconds / 1_000_000_000) }
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
    var timeAmount: TimeAmount {
        let parts = components
        return .nanoseconds(parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000)
    }

    var wholeSeconds: Int { Int(components.seconds) + (components.attoseconds > 0 ? 1 : 0) }
}
