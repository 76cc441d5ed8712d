/// The message and hint of an error whose description puts the advice on indented lines after
/// the first (`problem\n  what to do`), as several of the older error types do.
public struct DescribedError: Sendable, Equatable {
    public let message: String
    public let hint: String?

    public init(_ description: String) {
        let parts = description.components(separatedBy: "\n  ")
        message = parts[0]
        hint = parts.count > 1 ? parts.dropFirst().joined(separator: "\n  ") : nil
    }
}
