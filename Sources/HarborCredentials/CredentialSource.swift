/// Where `CredentialChain` found the credentials for a host.
public enum CredentialSource: Sendable, Equatable, CustomStringConvertible {
    /// `HARBOR_USERNAME` with the named secret variable.
    case pipeline(secretVariable: String)
    /// The `DOCKER_AUTH_CONFIG` variable.
    case dockerAuthConfig
    /// Helm's registry config (its file, or a helper it names).
    case helm(CredentialLocation)
    /// docker's config.json (its file, or a helper it names, or docker's platform default helper).
    case docker(CredentialLocation)

    public var description: String {
        switch self {
        case .pipeline(let variable): "the environment (\(PipelineCredentials.usernameVariable) and \(variable))"
        case .dockerAuthConfig: "the environment (\(DockerAuthConfigVariable.name))"
        case .helm(let location): "Helm's registry config (\(location))"
        case .docker(let location): "docker's store (\(location))"
        }
    }

    /// The secret lives in a variable, not in a store a login or logout changes.
    public var isEnvironment: Bool {
        switch self {
        case .pipeline, .dockerAuthConfig: true
        case .helm, .docker: false
        }
    }
}

/// A username and secret `CredentialChain` found, and where.
///
/// Printing it (`print`, string interpolation, `dump`, `debugPrint`) never shows the secret.
public struct ResolvedCredential: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let username: String
    public let secret: String
    public let source: CredentialSource

    public init(username: String, secret: String, source: CredentialSource) {
        self.username = username
        self.secret = secret
        self.source = source
    }

    public var description: String { "\(username) (secret redacted) from \(source)" }

    public var debugDescription: String {
        "ResolvedCredential(username: \(username.debugDescription), secret: <redacted>, source: \(source))"
    }

    public var customMirror: Mirror {
        Mirror(self, children: ["username": username, "secret": "<redacted>", "source": source], displayStyle: .struct)
    }
}
