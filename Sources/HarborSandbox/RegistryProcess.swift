import Foundation
import HarborCore
import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Debian `docker-registry` (distribution 2.8) running as a child, trusting the sandbox's token certificate.
final class RegistryProcess: Sendable {
    static let defaultBinary = "/usr/bin/docker-registry"

    let port: Int
    let logFile: URL
    private let process: NIOLockedValueBox<Process?>

    private init(port: Int, logFile: URL, process: Process) {
        self.port = port
        self.logFile = logFile
        self.process = NIOLockedValueBox(process)
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The registry configuration: token auth against the sandbox, relative `Location` headers so they
    /// resolve against the sandbox, and deletes enabled as in Harbor.
    static func configuration(port: Int, storage: URL, realm: String, certificateBundle: URL) -> String {
        """
        version: 0.1
        log:
          level: warn
          accesslog:
            disabled: true
        storage:
          filesystem:
            rootdirectory: \(storage.path)
          delete:
            enabled: true
          cache:
            blobdescriptor: inmemory
          maintenance:
            uploadpurging:
              enabled: false
        http:
          addr: 127.0.0.1:\(port)
          relativeurls: true
          secret: \(randomAlphanumeric(32))
        auth:
          token:
            realm: \(realm)
            service: \(TokenIssuer.service)
            issuer: \(TokenIssuer.issuer)
            rootcertbundle: \(certificateBundle.path)
        """
    }

    /// Starts the registry and returns once it is listening.
    static func start(binary: String, dataDirectory: URL, realm: String, certificatePEM: String) async throws -> RegistryProcess {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw SandboxError(
                "the CNCF registry is not installed at \(binary): install it: apt-get install docker-registry "
                    + "(or point --registry-binary / HARBOR_SANDBOX_REGISTRY at a distribution 2.8 `registry` binary)")
        }
        let certificateFile = dataDirectory.appendingPathComponent("token-issuer.crt")
        try Data(certificatePEM.utf8).write(to: certificateFile)
        let storage = dataDirectory.appendingPathComponent("registry", isDirectory: true)
        try FileManager.default.createDirectory(at: storage, withIntermediateDirectories: true)
        let port = try LoopbackPort.reserve()
        let configFile = dataDirectory.appendingPathComponent("registry.yml")
        try Data(configuration(port: port, storage: storage, realm: realm, certificateBundle: certificateFile).utf8).write(to: configFile)
        let logFile = dataDirectory.appendingPathComponent("registry.log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)

        let process = Process()
        // setpriv makes the kernel stop the registry if the sandbox dies without cleaning up (SIGKILL).
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--pdeathsig", "TERM", "--", binary, "serve", configFile.path]
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["serve", configFile.path]
        }
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("REGISTRY_") }
        environment["OTEL_TRACES_EXPORTER"] = "none"
        process.environment = environment
        let logHandle = try FileHandle(forWritingTo: logFile)
        process.standardOutput = logHandle
        process.standardError = logHandle
        process.standardInput = FileHandle.nullDevice

        try await launchOnDedicatedThread(process)
        let registry = RegistryProcess(port: port, logFile: logFile, process: process)
        try await registry.waitUntilListening()
        return registry
    }

    /// PDEATHSIG fires when the *thread* that spawned the child ends, so spawn from a thread that lives
    /// exactly as long as the child.
    private static func launchOnDedicatedThread(_ process: Process) async throws {
        let box = UncheckedBox(process)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let thread = Thread {
                do {
                    try box.value.run()
                } catch {
                    continuation.resume(throwing: SandboxError("cannot start the registry: \(error)"))
                    return
                }
                continuation.resume()
                box.value.waitUntilExit()
            }
            thread.name = "docker-registry"
            thread.start()
        }
    }

    private func waitUntilListening() async throws {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if !isRunning {
                throw SandboxError("the registry exited at start-up: \(logTail())")
            }
            if LoopbackPort.accepts(port) { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        stop()
        throw SandboxError("the registry did not listen on port \(port) within 15 s: \(logTail())")
    }

    var isRunning: Bool { process.withLockedValue { $0?.isRunning ?? false } }

    func logTail() -> String {
        let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        return String(text.suffix(2000)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// SIGTERM, then SIGKILL after 5 s. Safe to call more than once.
    func stop() {
        guard let process = self.process.withLockedValue({ value -> Process? in
            defer { value = nil }
            return value
        }) else { return }
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// Carries a non-Sendable value to a thread that owns it from then on.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// A start-up or configuration failure, with what to do about it.
public struct SandboxError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
