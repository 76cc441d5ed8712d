import ArgumentParser
import HarborCore

/// `docker harbor config …`: the plugins' own settings (not docker's config.json).
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "View and change the plugins' settings",
        discussion: """
            Settings live in $XDG_CONFIG_HOME/harbor/settings.json (or $HARBOR_CONFIG_DIR) and are \
            shared by docker harbor and helm harbor. HARBOR_INSTANCE, HARBOR_PROJECT, \
            HARBOR_HOST_TEMPLATE, HARBOR_ROBOT_PREFIXES and HARBOR_STORE override them.

            Keys:
              instance        \(SettingKey.instance.summary)
              project         \(SettingKey.project.summary)
              host-template   \(SettingKey.hostTemplate.summary)
              robot-prefixes  \(SettingKey.robotPrefixes.summary)
              store           \(SettingKey.store.summary)
              completion-ttl  \(SettingKey.completionTTL.summary)
              completion-timeout  \(SettingKey.completionTimeout.summary)
              instances.NAME  a named instance: NAME → HOST[:PORT]
            """,
        subcommands: [ConfigListCommand.self, ConfigGetCommand.self, ConfigSetCommand.self, ConfigUnsetCommand.self, ConfigPathCommand.self],
        defaultSubcommand: ConfigListCommand.self
    )
}

import Foundation
