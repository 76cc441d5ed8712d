import Foundation
import HarborRegistry

/// For a loopback instance only, which may speak plain HTTP (the sandbox, a local registry) or
/// HTTPS (a port-forward to a real Harbor): the scheme that worked last time for this host goes
/// first (plain HTTP when nothing is known), the other one when that fails before any answer or
/// when plain HTTP gets a 400 (what a TLS port answers to plain HTTP). What worked is remembered
/// for the process and in `memory`, so a TAB does not pay for the wrong guess twice.
///
/// Never used for other hosts: a secret must not cross a network in clear text (docker too only
/// falls back to plain HTTP for loopback registries).
final class LoopbackSchemeFallback: HTTPTransport, @unchecked Sendable {
    let next: any HTTPTransport
    let memory: LoopbackSchemeMemory?
    private let lock = NSLock()
    private var plainFirst: Bool

    init(over next: any HTTPTransport, memory: LoopbackSchemeMemory?) {
        self.next = next
        self.memory = memory
        plainFirst = memory?.load() ?? true
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard request.url.hasPrefix("https://") else { return try await next.send(request) }
        let plainFirst = lock.withLock { self.plainFirst }
        let first = plainFirst ? Self.plain(request) : request
        let second = plainFirst ? request : Self.plain(request)
        let answer: HTTPResponse
        do {
            answer = try await next.send(first)
        } catch {
            let other = try await next.send(second)
            remember(plain: !plainFirst)
            return other
        }
        guard plainFirst, answer.status == .badRequest else {
            remember(plain: plainFirst)
            return answer
        }
        // A 400 to plain HTTP: perhaps a TLS port. If HTTPS answers, that was it.
        guard let other = try? await next.send(second) else { return answer }
        remember(plain: false)
        return other
    }

    private func remember(plain: Bool) {
        let changed = lock.withLock {
            defer { plainFirst = plain }
            return plainFirst != plain
        }
        if changed || memory?.load() == nil { memory?.store(plain: plain) }
    }

    static func plain(_ request: HTTPRequest) -> HTTPRequest {
        var copy = request
        copy.url = "http://" + String(request.url.dropFirst("https://".count))
        return copy
    }
}

/// Which scheme a loopback host speaks, kept next to the completion cache
/// (`…/completion/HOST/scheme`: `http` or `https`).
public struct LoopbackSchemeMemory: Sendable {
    public let path: String

    public init(cacheRoot: String, host: String) {
        path = cacheRoot + "/" + CompletionCache.fileName(host) + "/scheme"
    }

    /// true: plain HTTP; false: HTTPS; nil: not known.
    func load() -> Bool? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        switch String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) {
        case "http": return true
        case "https": return false
        default: return nil
        }
    }

    func store(plain: Bool) {
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try? Data((plain ? "http\n" : "https\n").utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
