import Foundation
import HarborCredentials

extension DockerHookHint.StoredLogin {
    /// What is stored for `host`, from local files and the environment only (a hook runs no
    /// credential helper): a recorded login and when it last worked (the freshness records), an
    /// entry in docker's `config.json` (`auths`, `credHelpers`), `DOCKER_AUTH_CONFIG`, or the
    /// pipeline variables; else nothing.
    /// For no host (docker's denial did not name one): `nothing` only when nothing is stored for any host.
    static func lookup(host: String?, context: CommandContext) -> Self {
        guard let host else { return lookupAnyHost(context: context) }
        let freshness = CredentialFreshnessFile(environment: context.environment)
        let usernames = freshness.logins().filter { $0.host == host }.map(\.username)
        if !usernames.isEmpty {
            let last = usernames.compactMap { freshness.record(host: host, username: $0)?.lastSuccess }.max()
            return .stored(lastWorked: last)
        }
        let location = DockerConfigLocation(configFlag: context.dockerConfigDirectory, environment: context.environment)
        if let contents = try? DockerConfigFile(location: location).load(),
            !contents.authKeys(matching: host).isEmpty || contents.credHelpers[host] != nil
        {
            return .stored(lastWorked: nil)
        }
        if let variable = context.environment["DOCKER_AUTH_CONFIG"], variable.contains(host) { return .stored(lastWorked: nil) }
        if context.environment["HARBOR_USERNAME"].map({ !$0.isEmpty }) == true { return .stored(lastWorked: nil) }
        return .nothing
    }

    private static func lookupAnyHost(context: CommandContext) -> Self {
        if !CredentialFreshnessFile(environment: context.environment).logins().isEmpty { return .stored(lastWorked: nil) }
        let location = DockerConfigLocation(configFlag: context.dockerConfigDirectory, environment: context.environment)
        if let contents = try? DockerConfigFile(location: location).load(), !contents.authKeys.isEmpty || !contents.credHelpers.isEmpty {
            return .stored(lastWorked: nil)
        }
        if context.environment["DOCKER_AUTH_CONFIG"].map({ !$0.isEmpty }) == true { return .stored(lastWorked: nil) }
        if context.environment["HARBOR_USERNAME"].map({ !$0.isEmpty }) == true { return .stored(lastWorked: nil) }
        return .nothing
    }
}
