import HarborCore
import HarborCredentials
import HarborRegistry

/// The credentials for a host that can be read without running anything: Helm's registry config
/// and docker's `config.json` when they hold the secret themselves. A credential helper is never
/// run from a TAB: `pass` may ask gpg for a passphrase (pinentry) and a keychain may show a
/// dialog, and completion must neither prompt nor hang. With a helper, completion answers from
/// the cache the listing commands (which may run helpers) filled.
public enum PromptFreeCredentials {
    public static func lookup(host: String, environment: ProcessEnvironment, dockerConfigDirectory: String?) -> BasicCredentials? {
        let helm = HelmRegistryConfig(environment: environment).store
        let docker = CredentialStore(
            file: DockerConfigFile(location: DockerConfigLocation(configFlag: dockerConfigDirectory, environment: environment)),
            environment: environment)
        for store in [helm, docker] {
            guard case .file? = try? store.destination(for: host),
                  let stored = try? store.credential(for: host), !stored.isIdentityToken, !stored.username.isEmpty
            else { continue }
            return BasicCredentials(username: stored.username, secret: stored.secret)
        }
        return nil
    }
}
