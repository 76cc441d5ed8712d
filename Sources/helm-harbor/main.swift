import HarborCommands

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

exit(await HelmPluginMain.main(arguments: Array(CommandLine.arguments.dropFirst())))
