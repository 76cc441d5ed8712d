import Foundation
import HarborCore
import HarborTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// An account whose secret the hygiene tests hunt for, in every form it could leak in.
struct HygieneAccount: Sendable, CustomStringConvertible {
    let username: String
    let secret: String

    var description: String { username }

    /// A distinctive secret, and one full of characters that URL-encode (and that Basic, JSON,
    /// form and path encodings all treat differently: `:` `@` `/` `+` `%` `&` `=` `?` `#` and a
    /// space). ASCII only, without `"` and `\`, so that it reads the same in strace's output.
    static let plain = HygieneAccount(username: "hygiene", secret: "HygZq7Wm4Kx9Pv2LsSecretTrail")
    static let encoded = HygieneAccount(username: "hygiene-pct", secret: "Pct%2F+Sl/ash&Eq=Q?x#7 Zk:@End")
    /// Another user whose session the tests expire (so the shared accounts keep working).
    static let lapsed = HygieneAccount(username: "hygiene-lapsed", secret: "LapsedQ8Rw3Nv6TySecret")
    /// What a user mistypes: never a valid secret, and never to be echoed either.
    static let mistyped = HygieneAccount(username: "hygiene", secret: "MistypedX4Jd8Hq2Secret")

    static let all = [plain, encoded]

    /// The secret as it is, base64 of `user:secret` (Basic, config.json's `auth`) and of the
    /// secret alone, each also base64url and without padding, percent-encoded for a query, a path
    /// and a form, and JSON-escaped.
    var forms: [(name: String, text: String)] {
        func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "") }
        func base64URL(_ text: String) -> String {
            base64(text).replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        }
        var unreserved = CharacterSet.alphanumerics
        unreserved.insert(charactersIn: "-._~")
        let strict = secret.addingPercentEncoding(withAllowedCharacters: unreserved)!
        let candidates: [(String, String)] = [
            ("the secret", secret),
            ("base64(user:secret)", base64("\(username):\(secret)")),
            ("base64url(user:secret)", base64URL("\(username):\(secret)")),
            ("base64(secret)", base64(secret)),
            ("base64url(secret)", base64URL(secret)),
            ("the percent-encoded secret", strict),
            ("the query-encoded secret", secret.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!),
            ("the path-encoded secret", secret.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)!),
            ("the form-encoded secret", strict.replacingOccurrences(of: "%20", with: "+")),
            ("the JSON-escaped secret", secret.replacingOccurrences(of: "/", with: "\\/")),
        ]
        var seen = Set<String>()
        return candidates.filter { seen.insert($0.1).inserted }.map { (name: $0.0, text: $0.1) }
    }

    /// Every form of this secret found in `text`, and any JWT (what the token service made from
    /// it: a JWT's header is base64url of `{"`, so it starts with `eyJ`).
    func leaks(in text: String, tokens: Bool = true) -> [String] {
        var found = forms.filter { text.contains($0.text) }.map { "\($0.name) of \(username)" }
        if tokens, text.contains("eyJ") { found.append("a JWT (eyJ…)") }
        return found
    }
}

/// One command run under `strace -f -e trace=execve`: what it printed, and every program it
/// started with its full argv and environment.
struct TracedRun: CustomStringConvertible {
    let label: String
    let result: CompletedProcess
    /// The `execve` lines of every process below the command (`-v -s 4096`: whole argv and
    /// environment), the command's own first.
    let execs: [String]

    var description: String { "\(label): \(result)\nexecve:\n" + execs.joined(separator: "\n") }
    var status: Int32 { result.status }
}

enum HygieneRunner {
    /// Runs `executable arguments` under strace. `environment` is the whole environment.
    static func run(
        _ label: String, _ executable: String, _ arguments: [String], environment: [String: String], stdin: String? = nil
    ) async throws -> TracedRun {
        let strace = try requireTool("strace").path
        let path = executable.contains("/") ? executable : try ProcessRunner.which(executable, path: environment["PATH"])
        let traceFile = FileManager.default.temporaryDirectory.appendingPathComponent("hygiene-strace-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: traceFile) }
        let result = try await ProcessRunner.run(
            strace, ["-f", "-qq", "--seccomp-bpf", "-e", "trace=execve", "-e", "signal=none", "-s", "4096", "-v", "-o", traceFile, "--", path] + arguments,
            environment: environment, stdin: stdin, timeout: .seconds(120))
        let trace = (try? String(contentsOfFile: traceFile, encoding: .utf8)) ?? ""
        let execs = trace.split(separator: "\n").map(String.init).filter { $0.contains("execve(") }
        return TracedRun(label: label, result: result, execs: execs)
    }
}

/// Where the hygiene tests look for secrets after the commands ran.
enum HygieneScan {
    /// Every regular file below `root` (no symbolic links; not the big installed binaries, not
    /// gpg's key ring), except `excluding` (absolute paths of the files that hold the secret by
    /// design), with its text.
    static func files(under root: String, excluding: Set<String> = []) -> [(path: String, text: String)] {
        var found: [(String, String)] = []
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        while let relative = enumerator.nextObject() as? String {
            let path = root + "/" + relative
            if relative.hasPrefix("gnupg") || excluding.contains(path) { continue }
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                  attributes[.type] as? FileAttributeType == .typeRegular,
                  let size = attributes[.size] as? Int, size < 4 << 20,
                  let data = FileManager.default.contents(atPath: path) else { continue }
            found.append((path, String(decoding: data, as: UTF8.self)))
        }
        return found
    }

    /// The permission bits of `path`.
    static func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
    }
}

/// Asserts that no form of the accounts' secrets shows in a run: stdout (unless `stdoutMayHold`,
/// `docker-credential-harbor get`'s answer), stderr, and the argv and environment of every
/// program it started (all but the command itself when `environmentHolds`: the caller put the
/// secret there).
func expectNoLeak(
    _ run: TracedRun, of accounts: [HygieneAccount], stdoutMayHold: Bool = false, environmentHolds: Bool = false,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    for account in accounts {
        if !stdoutMayHold {
            let leaks = account.leaks(in: run.result.stdout)
            #expect(leaks.isEmpty, "\(leaks) on stdout of \(run)", sourceLocation: sourceLocation)
        }
        let stderr = account.leaks(in: run.result.stderr)
        #expect(stderr.isEmpty, "\(stderr) on stderr of \(run)", sourceLocation: sourceLocation)
        for (index, exec) in run.execs.enumerated() where !(environmentHolds && index == 0) {
            let leaks = account.leaks(in: exec, tokens: true)
            #expect(leaks.isEmpty, "\(leaks) in the argv or environment of a child of \(run.label): \(exec)", sourceLocation: sourceLocation)
        }
    }
}

/// A plain TCP listener standing for "another server": it records every byte it receives and
/// answers every request with an empty 404 (a TLS client hello gets the same plain-HTTP answer,
/// as from a server that does not speak TLS).
final class HygieneCatcher: @unchecked Sendable {
    let address: String
    let port: Int
    private let socketFD: Int32
    private let lock = NSLock()
    private var connections: [Data] = []

    /// Listens on `address` (an IPv4 literal), on a free port.
    init(address: String = "127.0.0.1") throws {
        self.address = address
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSupportError("socket: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var socketAddress = sockaddr_in()
        socketAddress.sin_family = sa_family_t(AF_INET)
        socketAddress.sin_port = 0
        guard inet_pton(AF_INET, address, &socketAddress.sin_addr) == 1 else { throw TestSupportError("\(address) is not an IPv4 address") }
        let bound = withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw TestSupportError("cannot listen on \(address): \(reason)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        socketFD = fd
        port = Int(UInt16(bigEndian: socketAddress.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "hygiene-catcher"
        thread.start()
    }

    /// `ADDRESS:PORT`.
    var host: String { "\(address):\(port)" }

    /// What each connection sent, as text (bytes that are not UTF-8 replaced).
    var received: [String] { lock.withLock { connections.map { String(decoding: $0, as: UTF8.self) } } }

    /// Whether any request carried an `Authorization` header.
    var sawAuthorization: Bool { received.contains { $0.lowercased().contains("\r\nauthorization:") } }

    private func acceptLoop() {
        while true {
            let connection = accept(socketFD, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                return
            }
            let thread = Thread { [self] in serve(connection) }
            thread.start()
        }
    }

    private func serve(_ connection: Int32) {
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while data.count < 1 << 20 {
            let count = read(connection, &buffer, buffer.count)
            if count <= 0 { break }
            data.append(contentsOf: buffer[0..<count])
            // A TLS client hello (content type 22), or a request's head: answer now.
            if data.first == 0x16 || data.range(of: Data("\r\n\r\n".utf8)) != nil { break }
        }
        lock.withLock { connections.append(data) }
        let answer = "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        _ = answer.withCString { write(connection, $0, strlen($0)) }
        shutdown(connection, Int32(SHUT_WR))
        close(connection)
    }
}

/// This machine's first IPv4 address that is not loopback (e.g. eth0's), for "plain HTTP only to
/// loopback": 127.0.0.2 and every other 127/8 address are loopback too.
func nonLoopbackIPv4() -> String? {
    var list: UnsafeMutablePointer<ifaddrs>?
    guard getifaddrs(&list) == 0, let first = list else { return nil }
    defer { freeifaddrs(list) }
    var entry: UnsafeMutablePointer<ifaddrs>? = first
    while let current = entry {
        defer { entry = current.pointee.ifa_next }
        guard let address = current.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET) else { continue }
        var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        let ip = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer -> String in
            var inAddress = pointer.pointee.sin_addr
            inet_ntop(AF_INET, &inAddress, &text, socklen_t(INET_ADDRSTRLEN))
            let bytes = text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            return String(decoding: bytes, as: UTF8.self)
        }
        if !ip.hasPrefix("127.") { return ip }
    }
    return nil
}
