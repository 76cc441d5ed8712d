import HarborCore

/// Where requests to an instance go. HTTPS always; plain HTTP only to loopback hosts, where
/// docker also falls back to it (docker-plugins.md §6.6), because a secret must never cross a
/// network in clear text.
public struct HarborEndpoint: Sendable, Equatable {
    public enum Scheme: String, Sendable { case https, http }

    public let instance: Instance
    public let scheme: Scheme

    public init(instance: Instance, scheme: Scheme) {
        self.instance = instance
        self.scheme = scheme
    }

    public var baseURL: String { "\(scheme.rawValue)://\(instance.host)" }

    public func url(_ path: String) -> String { baseURL + path }

    /// The schemes to try in order: HTTPS, then HTTP for loopback hosts.
    public static func candidates(for instance: Instance) -> [HarborEndpoint] {
        instance.isLoopback
            ? [HarborEndpoint(instance: instance, scheme: .https), HarborEndpoint(instance: instance, scheme: .http)]
            : [HarborEndpoint(instance: instance, scheme: .https)]
    }
}
