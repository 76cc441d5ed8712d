import HarborCommands
import Testing

/// The argv shapes docker hands a plugin (observed with docker 28.2.2; docker/cli v28.2.2,
/// cmd/docker/docker.go `tryPluginRun`, cli-plugins/manager/cobra.go, cli-plugins/manager/plugin.go).
struct DockerInvocationTests {
    typealias Mode = DockerInvocation.Mode

    @Test(arguments: [
        // A: metadata
        (["docker-cli-plugin-metadata"], Mode.metadata),
        // B: global flags before harbor, both forms
        (["harbor", "parse", "x"], .run(["parse", "x"])),
        (["--config", "/tmp/cfg", "-D", "--log-level", "warn", "--context", "default", "harbor", "--foo", "x", "-D"], .run(["--foo", "x", "-D"])),
        (["--config=/tmp/cfg", "-H", "unix:///x.sock", "--tls", "harbor", "x"], .run(["x"])),
        (["-H=tcp://h:2375", "--tlsverify=false", "--tlscacert", "/ca", "--tlscert=/c", "--tlskey", "/k", "harbor"], .run([])),
        (["-l", "debug", "-c", "ctx", "harbor", "use", "acme"], .run(["use", "acme"])),
        // C: docker help harbor [SUB…]
        (["help", "harbor"], .run(["--help"])),
        (["-D", "help", "harbor", "config", "set"], .run(["config", "set", "--help"])),
        // D: cobra completion through docker's stub
        (["__complete", "harbor", "config", ""], .complete(["config", ""], descriptions: true)),
        (["__complete", "harbor"], .complete([""], descriptions: true)),
        // E: legacy bash script, no harbor token
        (["__completeNoDesc", "co"], .complete(["co"], descriptions: false)),
        // F: hooks
        (["harbor", "docker-cli-plugin-hooks", "{\"RootCmd\":\"harbor\"}"], .hook("{\"RootCmd\":\"harbor\"}")),
        // G: standalone
        (["parse", "x"], .run(["parse", "x"])),
        ([], .run([])),
        // H: --version/-v/--help before harbor
        (["--version", "harbor"], .version),
        (["-v", "harbor"], .version),
        (["--help", "harbor"], .run(["--help"])),
    ] as [([String], Mode)])
    func readsArgv(_ arguments: [String], _ mode: Mode) throws {
        #expect(try DockerInvocation.parse(arguments).mode == mode)
    }

    @Test func recordsGlobalFlags() throws {
        let invocation = try DockerInvocation.parse(["--config", "/cfg", "-D", "-H", "unix:///a", "--host=tcp://b", "--context=c", "-l", "warn", "harbor", "x"])
        #expect(invocation.configDirectory == "/cfg")
        #expect(invocation.debug)
        #expect(invocation.globalArguments == ["--config", "/cfg", "-D", "-H", "unix:///a", "--host=tcp://b", "--context=c", "-l", "warn"])
        #expect(invocation.mode == .run(["x"]), "each flag's value is skipped, not taken for the command")
        #expect(try DockerInvocation.parse(["--config=/x", "harbor"]).configDirectory == "/x")
        #expect(try DockerInvocation.parse(["harbor", "--config", "/x"]).configDirectory == nil, "flags after harbor are the plugin's")
    }

    @Test func badGlobalFlags() {
        #expect(throws: DockerInvocation.UsageError(description: "unknown flag: --unknown")) { try DockerInvocation.parse(["--unknown", "harbor"]) }
        #expect(throws: DockerInvocation.UsageError(description: "flag needs an argument: --config")) { try DockerInvocation.parse(["--config"]) }
    }
}
