/// An answer from Harbor's REST API the client cannot use. Carries the method, the path (never
/// credentials: they travel in headers) and Harbor's own message.
public enum HarborAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 401: the credentials were not accepted here (or, for a CLI secret, the path is not one
    /// Harbor accepts them on: goharbor/harbor v2.7.0, src/server/middleware/security/oidc_cli.go).
    case unauthorized(path: String, message: String)
    /// 403: an authenticated caller without access; Harbor also answers this for a project that
    /// does not exist (`HasProjectPermission` checks project 0 first).
    case forbidden(path: String, message: String)
    case notFound(path: String, message: String)
    /// Any other status.
    case unexpectedStatus(Int, method: String, path: String, message: String)
    /// A 200 whose body is not what the API documents.
    case undecodable(path: String, reason: String)

    public var status: Int? {
        switch self {
        case .unauthorized: 401
        case .forbidden: 403
        case .notFound: 404
        case .unexpectedStatus(let status, _, _, _): status
        case .undecodable: nil
        }
    }

    public var description: String {
        switch self {
        case .unauthorized(let path, let message): "Harbor answered 401 to \(path): \(message)"
        case .forbidden(let path, let message): "Harbor answered 403 to \(path): \(message)"
        case .notFound(let path, let message): "Harbor answered 404 to \(path): \(message)"
        case .unexpectedStatus(let status, let method, let path, let message): "Harbor answered \(status) to \(method) \(path): \(message)"
        case .undecodable(let path, let reason): "Harbor's answer to \(path) is not what its API documents: \(reason)"
        }
    }
}
