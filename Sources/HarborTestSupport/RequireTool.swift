import Foundation

/// A command a test needs is not installed.
public struct MissingToolError: Error, CustomStringConvertible, Sendable {
    public let tool: String
    public let hint: String
    public var description: String { "required tool `\(tool)` is not installed or not on PATH: \(hint)" }
}

/// Where the Debian packages come from, for the error message.
let installHints: [String: String] = [
    "docker-registry": "install it: apt-get install docker-registry",
    "skopeo": "install it: apt-get install skopeo",
    "docker": "install the Docker CLI (apt-get install docker.io, or docker-ce-cli)",
    "helm": "install Helm 3.8+",
    "tinyproxy": "install it: apt-get install tinyproxy",
    "unshare": "install util-linux (Linux only; the proxy tests give the proxy a private /etc/hosts)",
]

/// Finds `name` on PATH (or as an absolute path) and returns it; throws a clear error otherwise.
/// Tests call this instead of skipping, so a CI machine without the tool fails loudly.
@discardableResult
public func requireTool(_ name: String) throws -> URL {
    if name.contains("/") {
        if FileManager.default.isExecutableFile(atPath: name) { return URL(fileURLWithPath: name) }
    } else {
        var directories = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        directories += ["/usr/local/bin", "/usr/bin", "/bin"]
        for directory in directories {
            let candidate = URL(fileURLWithPath: directory).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
    }
    let tool = URL(fileURLWithPath: name).lastPathComponent
    throw MissingToolError(tool: name, hint: installHints[tool] ?? "install it and make sure it is on PATH")
}
