import HarborCore
import HarborCredentials

/// Tells, without any network, whether a registry host is a Harbor we know: the default
/// instance, a configured instance, a host that fits the host template
/// (registry-CUSTOMER.devops.t-systems.net), a host with a recorded `docker harbor login`
/// (the freshness records), or a host whose `credHelpers` entry names `harbor`.
package struct HarborHostRecognizer: Sendable {
    let knownHosts: Set<String>
    let hostTemplate: HostTemplate

    package init(knownHosts: Set<String>, hostTemplate: HostTemplate) {
        self.knownHosts = Set(knownHosts.map { $0.lowercased() })
        self.hostTemplate = hostTemplate
    }

    /// Everything the user configured or logged in to. Reads local files only; a file that
    /// cannot be read contributes nothing.
    init(context: CommandContext) {
        var hosts: Set<String> = []
        var template = HostTemplate.devOpsAsAService
        if let settings = try? context.settings() {
            template = settings.hostTemplate
            if let host = try? settings.defaultInstance()?.host { hosts.insert(host) }
            for (name, _) in settings.instances {
                if let host = try? Instance.resolve(name, settings: settings).host { hosts.insert(host) }
            }
        }
        hosts.formUnion(CredentialFreshnessFile(environment: context.environment).recordedHosts())
        let location = DockerConfigLocation(configFlag: context.dockerConfigDirectory, environment: context.environment)
        if let contents = try? DockerConfigFile(location: location).load() {
            for (host, helper) in contents.credHelpers where helper == CredentialHelperMain.helperName { hosts.insert(host) }
        }
        self.init(knownHosts: hosts, hostTemplate: template)
    }

    func isHarbor(_ host: String) -> Bool {
        let host = host.lowercased()
        if knownHosts.contains(host) { return true }
        return hostTemplate.customer(forHost: host) != nil
    }

    /// The first host named in `text` (a URL's authority, or the registry part of an image
    /// reference) that is a Harbor we know.
    func harborHost(mentionedIn text: String) -> String? {
        Self.hostCandidates(in: text).first { isHarbor($0) }
    }

    /// Words of `text` that look like `host[:port]`: split at every character a host cannot
    /// contain, then trimmed of the trailing `:` or `.` of the surrounding sentence.
    static func hostCandidates(in text: String) -> [String] {
        let allowed: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == ":") }
        return text.split { !allowed($0) }.compactMap { word -> String? in
            var candidate = Substring(word)
            while let last = candidate.last, last == ":" || last == "." { candidate = candidate.dropLast() }
            guard candidate.contains(".") || candidate.contains(":") || candidate == "localhost" else { return nil }
            return String(candidate)
        }
    }
}
