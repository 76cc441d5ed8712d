import Foundation

/// What time it is, handed to commands in their context so a test can fix it (a login record
/// 31 days old, a token issued in the future) instead of waiting or guessing.
public struct WallClock: Sendable {
    private let read: @Sendable () -> Date

    public init(_ read: @escaping @Sendable () -> Date) { self.read = read }

    public func now() -> Date { read() }

    /// The system's clock.
    public static let system = WallClock { Date() }

    /// A clock that always says `date`.
    public static func fixed(_ date: Date) -> WallClock { WallClock { date } }
}
