/// Which key of `plugins.harbor` in docker's config.json registers the hints. docker/cli v29.3.0 added
/// `error-hooks` (cli-plugins/manager/hooks.go `pluginMatch`, commit 830d05d16e): such a hook runs only
/// when the command failed, so a docker command that succeeds never starts the plugin. Older clients know
/// only `hooks` (every run, success or failure; docker/cli v28.2.2).
package enum HookConfigKey: String, Equatable {
    case hooks
    case errorHooks = "error-hooks"

    /// From the client version `docker version` reports (`28.2.2`, `29.3.0-rc.1`); `hooks` when unknown.
    package static func choose(clientVersion: String?) -> HookConfigKey {
        guard let clientVersion else { return .hooks }
        let numbers = clientVersion.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "-").first?
            .split(separator: ".").map { Int($0) ?? 0 } ?? []
        guard numbers.count >= 2 else { return .hooks }
        return (numbers[0], numbers[1]) >= (29, 3) ? .errorHooks : .hooks
    }

    var other: HookConfigKey { self == .hooks ? .errorHooks : .hooks }
}
