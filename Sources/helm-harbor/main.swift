import HarborCommands

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

// One binary serves docker-harbor, helm-harbor and docker-credential-harbor (install.sh links
// the names); started under another name, this product is the Helm plugin.
exit(await ExecutableDispatch.main(argv: CommandLine.arguments, fallback: .helmPlugin))
