/// `Duration` in the units the APIs around it take: NIO's `TimeAmount` and Dispatch count
/// nanoseconds, `Date` arithmetic counts seconds as a `Double`, and messages say whole seconds.
/// One conversion, so that a limit is not truncated in one place and rounded in another.
extension Duration {
    /// Whole nanoseconds (a rest below a nanosecond dropped).
    public var nanoseconds: Int64 {
        let parts = components
        return parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000
    }

    /// Seconds with their fraction, as `TimeInterval` and `DispatchTime` arithmetic take them.
    public var timeInterval: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// Whole seconds, a started second counted: what "not done within N s" says.
    public var wholeSeconds: Int {
        let parts = components
        return Int(parts.seconds) + (parts.attoseconds > 0 ? 1 : 0)
    }
}
