import HarborRegistry

/// `proxy`: which proxy requests to Harbor go through, chosen from the environment as docker and
/// Helm choose it (Go's `ProxyFromEnvironment`, `ProxySelection`), and whether it took us there.
public struct ProxyCheck: DoctorCheck {
    public let key = "proxy"
    public init() {}

    public func evaluate(_ facts: DoctorFacts) -> DoctorFinding {
        switch facts.proxy {
        case .misconfigured(let reason):
            return .failure(key, reason, fix: "fix or unset the variable; it takes http://[USER:PASSWORD@]HOST:PORT")
        case .direct(let reason):
            return .ok(key, "direct (\(reason))")
        case .proxy(let proxy, let variable):
            if case .failed(let error) = facts.registry, case .proxyFailure(_, _, let reason) = error {
                return .failure(
                    key, "\(proxy) (\(variable)) could not take us to \(facts.instance.host): \(reason)",
                    fix: "is the proxy running and does it allow \(facts.instance.host)? Check \(variable), or add the host to NO_PROXY if it must be reached directly")
            }
            return .ok(key, "\(proxy) (from \(variable))")
        }
    }
}
