import HarborCore

/// Where requests to an instance went: HTTPS always, plain HTTP only to loopback hosts whose
/// server answered TLS in plain HTTP (`LoopbackPlainHTTPFallback`), where docker also falls back
/// to it (docker/docker registry/service_v2.go, config.go, as vendored in docker/cli v28.2.2),
/// because a secret must never cross a network in clear text.
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
}
