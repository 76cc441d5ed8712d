/// A customer, host or setting that cannot name a Harbor instance.
public struct InstanceError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public let hint: String?

    public init(message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    public var description: String {
        hint.map { "\(message)\n  \($0)" } ?? message
    }
}
