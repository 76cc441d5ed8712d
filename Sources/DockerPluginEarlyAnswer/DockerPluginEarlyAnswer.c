// Docker runs `docker-harbor docker-cli-plugin-metadata` for every plugin on every `docker --help`
// and twice on every docker TAB (docker/cli, cli-plugins/manager/candidate.go, Metadata()), so
// this answer is given from an ELF constructor, before the Swift runtime, libdispatch and
// CoreFoundation run their own constructors (__CFInitialize) and before main. glibc calls
// .init_array functions with (argc, argv, envp) (glibc, csu/libc-start.c, call_init); the
// priority puts this one ahead of every unprioritised constructor, which all of those are.
// Anything other than exactly that one argument returns at once and the program starts as usual.
#include "DockerPluginEarlyAnswer.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

// Keep in step with HarborCommands' DockerPluginMetadata.json (a test compares them).
static const char metadata_json[] =
    "{\n"
    "     \"SchemaVersion\": \"0.1.0\",\n"
    "     \"Vendor\": \"T-Systems DevOps-as-a-Service\",\n"
    "     \"Version\": \"0.1.0\",\n"
    "     \"ShortDescription\": \"Log in to Harbor and use short image references\"\n"
    "}\n";

const char *docker_plugin_early_answer_json(void) { return metadata_json; }

#if defined(__linux__) && defined(__GLIBC__)
// ExecutableDispatch.program(forArgv0:fallback: .dockerPlugin): only these two names are another program.
static int is_other_program(const char *argv0) {
    const char *name = strrchr(argv0, '/');
    name = name ? name + 1 : argv0;
    return strcmp(name, "helm-harbor") == 0 || strcmp(name, "docker-credential-harbor") == 0;
}

__attribute__((constructor(101), used))
static void docker_plugin_early_answer(int argc, char **argv, char **envp) {
    (void)envp;
    if (argc != 2 || argv == 0 || argv[0] == 0 || argv[1] == 0) return;
    if (strcmp(argv[1], "docker-cli-plugin-metadata") != 0 || is_other_program(argv[0])) return;
    const char *rest = metadata_json;
    size_t left = sizeof metadata_json - 1;
    while (left > 0) {
        ssize_t written = write(STDOUT_FILENO, rest, left);
        if (written < 0) {
            if (errno == EINTR) continue;
            _exit(1);
        }
        rest += written;
        left -= (size_t)written;
    }
    _exit(0);
}
#endif
