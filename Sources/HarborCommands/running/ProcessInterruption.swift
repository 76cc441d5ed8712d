import Dispatch
import Foundation
import HarborCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// Ends the process cleanly when the user interrupts it (docker/cli v28.2.2, cmd/docker/docker.go
/// `tryPluginRun`, cli-plugins/socket/socket.go).
///
/// When docker's stdout is a terminal, Ctrl-C reaches us as SIGINT. When it is not, docker
/// signals nothing: it closes the `DOCKER_CLI_PLUGIN_SOCKET` connection instead, and after the
/// third signal kills us. So we handle SIGINT/SIGTERM ourselves *and* hold a connection to the
/// socket, treating EOF as "terminate now". Either way registered clean-ups run first (temporary
/// files are removed; the atomic writers never leave a half-written file), then we exit
/// 130 (interrupt) or 143 (SIGTERM).
public enum ProcessInterruption {
    final class Registry: @unchecked Sendable {
        let lock = NSLock()
        var cleanups: [Int: @Sendable () -> Void] = [:]
        var next = 0
        var sources: [any DispatchSourceSignal] = []
        var installed = false
        /// While docker runs as our child: the signals go to it, and we wait for its exit.
        var child: pid_t?
    }

    /// Sends SIGINT/SIGTERM (and the plugin socket's EOF, as SIGTERM) to `pid` instead of ending
    /// this process, until `stopForwarding`. SIGINT from the terminal already reached the child
    /// (same foreground process group), so it is forwarded only when we are not in the
    /// terminal's foreground group.
    public static func forwardSignals(to pid: pid_t) {
        registry.lock.withLock { registry.child = pid }
    }

    public static func stopForwarding() {
        registry.lock.withLock { registry.child = nil }
    }

    /// Forwards `signalNumber` to the child, if there is one; returns whether there was.
    static func forward(_ signalNumber: Int32) -> Bool {
        guard let child = registry.lock.withLock({ registry.child }) else { return false }
        if signalNumber == SIGINT, isatty(STDIN_FILENO) == 1, tcgetpgrp(STDIN_FILENO) == getpgrp() { return true }
        kill(child, signalNumber)
        return true
    }

    static let registry = Registry()

    /// Registers work to do before an interrupted process exits; returns a token for `removeCleanup`.
    @discardableResult
    public static func addCleanup(_ cleanup: @escaping @Sendable () -> Void) -> Int {
        registry.lock.withLock {
            registry.next += 1
            registry.cleanups[registry.next] = cleanup
            return registry.next
        }
    }

    public static func removeCleanup(_ token: Int) {
        _ = registry.lock.withLock { registry.cleanups.removeValue(forKey: token) }
    }

    /// Installs the signal handlers and, when docker gave us one, watches the plugin socket.
    public static func install(pluginSocket: String?) {
        let first = registry.lock.withLock {
            defer { registry.installed = true }
            return !registry.installed
        }
        guard first else { return }
        for (signalNumber, status) in [(SIGINT, ExitStatus.interrupted.fixedCode!), (SIGTERM, ExitStatus.terminated.fixedCode!)] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { if !forward(signalNumber) { terminate(status: status) } }
            source.resume()
            registry.lock.withLock { registry.sources.append(source) }
        }
        if let pluginSocket {
            watchPluginSocket(pluginSocket)
        }
    }

    static func terminate(status: Int32) -> Never {
        let cleanups = registry.lock.withLock { Array(registry.cleanups.values) }
        for cleanup in cleanups { cleanup() }
        exit(status)
    }

    /// Connects to docker's plugin socket (abstract when it starts with '@') and terminates on EOF.
    static func watchPluginSocket(_ address: String) {
        guard let fd = connectUnixSocket(address) else { return }
        let thread = Thread {
            var byte: UInt8 = 0
            while true {
                let n = read(fd, &byte, 1)
                if n > 0 { continue }
                if n < 0 && errno == EINTR { continue }
                break
            }
            if forward(SIGTERM) { return }
            terminate(status: ExitStatus.interrupted.fixedCode!)
        }
        thread.start()
    }

    static func connectUnixSocket(_ address: String) -> Int32? {
        #if canImport(Glibc) || canImport(Musl)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return nil }
        var storage = sockaddr_un()
        storage.sun_family = sa_family_t(AF_UNIX)
        let abstract = address.hasPrefix("@")
        let name = Array((abstract ? address.dropFirst() : Substring(address)).utf8)
        let capacity = MemoryLayout.size(ofValue: storage.sun_path)
        guard name.count + 1 <= capacity else {
            close(fd)
            return nil
        }
        withUnsafeMutableBytes(of: &storage.sun_path) { raw in
            let start = abstract ? 1 : 0
            if abstract { raw[0] = 0 }
            for (index, byte) in name.enumerated() { raw[start + index] = byte }
            if !abstract { raw[name.count] = 0 }
        }
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path) ?? 2
        let length = socklen_t(pathOffset + (abstract ? 1 + name.count : name.count + 1))
        let connected = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, length) }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        return fd
    }
}
