/// Where a credential lives.
public enum CredentialLocation: Sendable, Equatable, CustomStringConvertible {
    /// A native store, `docker-credential-<name>`.
    case helper(String)
    /// Plain text in `auths` of the file at this path.
    case file(String)

    public var description: String {
        switch self {
        case .helper(let name): "docker-credential-\(name)"
        case .file(let path): path
        }
    }
}

/// A username and secret found in (or going to) a credential store.
///
/// Printing it (`print`, string interpolation, `dump`, `debugPrint`) never shows the secret.
public struct StoredCredential: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var username: String
    public var secret: String
    /// The secret is an identity (refresh) token, not a password: helpers report Username
    /// `<token>`, the file has `identitytoken` (docker/cli v28.2.2,
    /// cli/config/credentials/native_store.go, cli/config/types/authconfig.go).
    public var isIdentityToken: Bool
    public var location: CredentialLocation

    public init(username: String, secret: String, isIdentityToken: Bool = false, location: CredentialLocation) {
        self.username = username
        self.secret = secret
        self.isIdentityToken = isIdentityToken
        self.location = location
    }

    public var description: String {
        let kind = isIdentityToken ? "identity token" : "secret"
        return "\(username) (\(kind) redacted) in \(location)"
    }

    public var debugDescription: String {
        "StoredCredential(username: \(username.debugDescription), secret: <redacted>, isIdentityToken: \(isIdentityToken), location: \(location))"
    }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: ["username": username, "secret": "<redacted>", "isIdentityToken": isIdentityToken, "location": location],
            displayStyle: .struct
        )
    }
}
