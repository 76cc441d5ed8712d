import HarborCore

/// Candidates for an INSTANCE argument (`login`, `use`, `logout`, `status`): the instance names
/// from the settings, the default instance, and the hosts logged in to before (as customer names
/// where the host template makes one of them).
public enum InstanceCompleter {
    public static func complete(_ prefix: String, settings: EffectiveSettings, logins: [(host: String, username: String)]) -> CompletionResult {
        var seen = Set<String>()
        var candidates: [CompletionCandidate] = []
        func add(_ value: String, _ description: String?) {
            guard value.hasPrefix(prefix), seen.insert(value).inserted else { return }
            candidates.append(CompletionCandidate(value, description))
        }
        if let instance = settings.instance {
            let host = (try? Instance.resolve(instance, settings: settings))?.host
            add(instance, ["default", host.flatMap { $0 == instance ? nil : $0 }].compactMap { $0 }.joined(separator: ", "))
        }
        for name in settings.instances.keys.sorted() {
            add(name, settings.instances[name])
        }
        var users: [String: [String]] = [:]
        for login in logins { users[login.host, default: []].append(login.username) }
        for host in users.keys.sorted() {
            let who = "logged in as " + users[host]!.joined(separator: ", ")
            if let customer = settings.hostTemplate.customer(forHost: host) {
                add(customer, "\(host), \(who)")
            } else {
                add(host, who)
            }
        }
        return CompletionResult(candidates)
    }
}
