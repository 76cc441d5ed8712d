import Foundation

/// A username and secret for HTTP Basic authentication. The secret never appears in
/// `description`, `debugDescription` or any error built from this value.
public struct BasicCredentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public let username: String
    let secret: String

    public init(username: String, secret: String) {
        self.username = username
        self.secret = secret
    }

    /// The secret, for code that must hand it on (credential stores).
    public func revealSecret() -> String { secret }

    /// `Basic base64(username:secret)`
    var authorizationHeader: String {
        "Basic " + Data("\(username):\(secret)".utf8).base64EncodedString()
    }

    public var description: String { "\(username):<redacted>" }
    public var debugDescription: String { description }
}
