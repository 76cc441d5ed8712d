/// `instance`: the host and the addresses its name resolves to here. Behind a proxy the proxy
/// resolves it, so a name that does not resolve locally is only a warning then.
public struct HostResolutionCheck: DoctorCheck {
    public let key = "instance"
    public init() {}

    public func evaluate(_ facts: DoctorFacts) -> DoctorFinding {
        let host = facts.instance.host
        switch facts.addresses {
        case .notChecked:
            return .warning(key, "\(host): the name was not looked up")
        case .resolved(let addresses):
            return .ok(key, "\(host) resolves to \(addresses.joined(separator: ", "))")
        case .failed(let reason):
            if case .proxy(let proxy, _) = facts.proxy {
                return .warning(key, "\(facts.instance.hostname) does not resolve here (\(reason)); the proxy \(proxy) resolves it", fix: "fine if the proxy reaches Harbor (see the proxy line)")
            }
            return .failure(
                key, "\(facts.instance.hostname) does not resolve: \(reason)",
                fix: "check the spelling (DevOps-as-a-Service hosts look like registry-CUSTOMER.devops.t-systems.net), your DNS and VPN; behind a proxy, set HTTPS_PROXY")
        }
    }
}
