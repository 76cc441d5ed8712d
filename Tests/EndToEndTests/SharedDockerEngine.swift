import HarborTestSupport

/// The test run's one Docker engine (HarborTestSupport.DockerEngine: Debian's dockerd as root on
/// a private socket, `--bridge=none --iptables=false --storage-driver=vfs`), as these tests
/// address it: by its socket, with `docker -H unix://SOCKET`.
struct SharedDockerEngine {
    let socket: String

    static func get() async throws -> SharedDockerEngine {
        let running = try await DockerEngine.shared.start()
        return SharedDockerEngine(socket: String(running.host.dropFirst("unix://".count)))
    }
}
