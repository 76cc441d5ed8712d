import Foundation

/// How registry addresses become keys of `auths`, `credHelpers` and helper requests
/// (docker/cli v28.2.2, cli/config/credentials/file_store.go `ConvertToHostname`,
/// cli/command/registry.go, cli/command/registry/logout.go).
public enum RegistryHostKey {
    /// Docker Hub's historical key.
    public static let dockerHubKey = "https://index.docker.io/v1/"

    /// Docker's `ConvertToHostname`: with `://`, the URL's `host[:port]`; otherwise everything
    /// before the first `/`. Case is kept (`LOCALHOST:5111` and `localhost:5111` are different keys).
    public static func hostname(_ address: String) -> String {
        var rest = Substring(address)
        if let scheme = rest.range(of: "://") {
            rest = rest[scheme.upperBound...]
            if let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
            if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
            return String(rest)
        }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        return String(rest)
    }

    /// The key docker writes for a login to `address`: the bare `host[:port]`, and Docker Hub's
    /// v1 URL for `docker.io`, `index.docker.io` or an empty address.
    public static func storageKey(for address: String) -> String {
        let host = hostname(address)
        if host.isEmpty || host == "docker.io" || host == "index.docker.io" { return dockerHubKey }
        return host
    }

    /// The keys that would stand for `host` in `auths`: itself and the legacy forms with a scheme.
    static func legacyForms(of host: String) -> [String] {
        [host, "http://" + host, "https://" + host]
    }
}
