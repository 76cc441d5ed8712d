import Foundation
import HarborCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A loopback port where a TLS server breaks off the handshake: it accepts the connection, reads
/// the client's first flight (the ClientHello), then resets the connection (SO_LINGER 0 and
/// close, so the kernel sends RST) — what a TLS-inspecting middlebox or a crashed TLS terminator
/// in front of Harbor does. For the fault matrix's "TLS handshake reset".
///
/// ```swift
/// let listener = try HandshakeResetListener.start()
/// defer { listener.stop() }
/// // https://127.0.0.1:\(listener.port)/ resets every handshake
/// ```
public final class HandshakeResetListener: @unchecked Sendable {
    public let port: Int
    private let socket: Int32
    private let lock = NSLock()
    private var stopped = false
    private var thread: Thread?

    private init(port: Int, socket: Int32) {
        self.port = port
        self.socket = socket
    }

    public static func start() throws -> HandshakeResetListener {
        #if canImport(Glibc)
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = Darwin.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw TestSupportError("socket() failed: errno \(errno)") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw TestSupportError("bind()/listen() on 127.0.0.1 failed: errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        let listener = HandshakeResetListener(port: Int(UInt16(bigEndian: address.sin_port)), socket: fd)
        let thread = Thread { listener.acceptLoop() }
        thread.name = "HandshakeResetListener"
        listener.thread = thread
        thread.start()
        return listener
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    private func acceptLoop() {
        while !isStopped {
            var pollSet = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&pollSet, 1, 100) > 0 else { continue }
            let client = accept(socket, nil, nil)
            guard client >= 0 else { continue }
            // Wait (briefly) for the ClientHello, so the reset comes in the middle of the handshake.
            var hello = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
            if poll(&hello, 1, 2000) > 0 {
                var buffer = [UInt8](repeating: 0, count: 4096)
                _ = read(client, &buffer, buffer.count)
            }
            var reset = linger(l_onoff: 1, l_linger: 0)
            setsockopt(client, SOL_SOCKET, SO_LINGER, &reset, socklen_t(MemoryLayout<linger>.size))
            close(client)
        }
        close(socket)
    }

    /// Stops accepting; the port closes within 0.1 s.
    public func stop() {
        lock.withLock { stopped = true }
    }

    deinit { stop() }
}
