import HarborCommands

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

// Docker runs `docker-harbor docker-cli-plugin-metadata` for every plugin on every `docker --help`:
// answer it before anything else is set up.
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.count == 1, arguments[0] == DockerInvocation.metadataSubcommand {
    print(DockerPluginMetadata.json, terminator: "")
    exit(0)
}
exit(await DockerPluginMain.main(arguments: arguments))
