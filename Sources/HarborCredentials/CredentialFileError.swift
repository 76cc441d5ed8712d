import HarborCore

/// A docker-format credential file (docker's config.json, Helm's registry config) that cannot be
/// read or written. Never carries a secret: for a bad `auth` it names the key, not the value.
public enum CredentialFileError: Error, Sendable, CustomStringConvertible {
    /// The file exists but cannot be read.
    case unreadable(path: String, reason: String)
    /// The file is not JSON; the error has the line and column.
    case syntax(JSONSyntaxError)
    /// A known key holds the wrong kind of value (e.g. `"auths": "x"`).
    case wrongShape(path: String, key: String, expected: String, found: String)
    /// `auths[key].auth` is not std base64 of `user:secret` with a non-empty user.
    case invalidAuth(path: String, key: String, reason: String)
    /// Writing failed; the old file is untouched.
    case write(AtomicFile.WriteError)

    public var path: String {
        switch self {
        case .unreadable(let path, _), .wrongShape(let path, _, _, _), .invalidAuth(let path, _, _): path
        case .syntax(let error): error.path
        case .write(let error): error.path
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "cannot read \(path): \(reason)"
        case .syntax(let error):
            error.description
        case .wrongShape(let path, let key, let expected, let found):
            "\(path): \(key) is \(found), expected \(expected)\n  nothing was written; fix the file, or move it away to start afresh"
        case .invalidAuth(let path, let key, let reason):
            "\(path): auths[\"\(key)\"].auth \(reason) (docker rejects the whole file with \"Invalid auth configuration file\")\n"
                + "  log in again to replace the entry, or delete it from the file"
        case .write(let error):
            "\(error.description)\n  the file was left as it was"
        }
    }
}
