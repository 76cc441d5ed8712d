#ifndef DOCKER_PLUGIN_EARLY_ANSWER_H
#define DOCKER_PLUGIN_EARLY_ANSWER_H

/// The answer to `docker-harbor docker-cli-plugin-metadata`, as the executable prints it before the
/// Swift runtime and Foundation start (DockerPluginEarlyAnswer.c). It must equal HarborCommands'
/// `DockerPluginMetadata.json` byte for byte (HarborCommandsTests' DockerPluginEarlyAnswerTests).
const char *docker_plugin_early_answer_json(void);

#endif
