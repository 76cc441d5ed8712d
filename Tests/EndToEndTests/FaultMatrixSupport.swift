import Foundation
import HarborCommands
import HarborCore
import HarborTestSupport
import Testing

/// What the fault matrix shares across its cells: one installed HOME (its docker plugin and
/// credential helper), one real Helm 4.3.1 with the plugin, a small chart and a 90 MiB chart of
/// incompressible data, all made once per test run.
struct FaultMatrixTools: Sendable {
    let installed: TestHome
    let helm: Helm
    let smallChart: String
    let bigChart: String

    static let shared = Once<FaultMatrixTools> { try await FaultMatrixTools.make() }

    static func make() async throws -> FaultMatrixTools {
        let installed = try await TestHome.installed()
        let helm = try await Helm(version: "4.3.1")
        let small = try await package(helm, name: "faultsmall", payload: [])
        // Helm refuses files over 5 MiB decompressed and charts over 100 MiB
        // (helm pkg/chart/loader/archive.go, MaxDecompressedFileSize and MaxDecompressedChartSize):
        // 19 files of 4.75 MiB from /dev/urandom make a chart of just over 90 MiB that gzip cannot shrink.
        let big = try await package(helm, name: "faultbig", payload: Array(repeating: 4_966_940, count: 19))
        let size = (try FileManager.default.attributesOfItem(atPath: big)[.size] as? Int) ?? 0
        guard size >= 90 << 20 else { throw TestSupportError("the big chart is only \(size) bytes") }
        return FaultMatrixTools(installed: installed, helm: helm, smallChart: small, bigChart: big)
    }

    /// `helm package` of a chart named `name` with one random file per entry of `payload` (bytes).
    static func package(_ helm: Helm, name: String, payload: [Int]) async throws -> String {
        let directory = helm.home + "/" + name
        try FileManager.default.createDirectory(atPath: directory + "/files", withIntermediateDirectories: true)
        try Data("apiVersion: v2\nname: \(name)\nversion: 0.1.0\n".utf8).write(to: URL(fileURLWithPath: directory + "/Chart.yaml"))
        if !payload.isEmpty {
            let random = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/dev/urandom"))
            defer { try? random.close() }
            for (index, bytes) in payload.enumerated() {
                let data = try random.read(upToCount: bytes) ?? Data()
                try data.write(to: URL(fileURLWithPath: directory + "/files/random-\(index).bin"))
            }
        }
        let result = try await helm.run(["package", directory, "-d", helm.home])
        guard result.status == 0 else { throw TestSupportError("helm package \(name) failed: \(result)") }
        return helm.home + "/\(name)-0.1.0.tgz"
    }
}

/// A value made once by the first caller, shared (with its error) by every later one.
actor Once<Value: Sendable> {
    private let make: @Sendable () async throws -> Value
    private var task: Task<Value, any Error>?
    init(_ make: @escaping @Sendable () async throws -> Value) { self.make = make }
    func get() async throws -> Value {
        if let task { return try await task.value }
        let make = self.make
        let task = Task { try await make() }
        self.task = task
        return try await task.value
    }
}

/// At most `width` programs at once, so 110 cells on a small machine each get a fair share of it
/// and finish well within their deadlines.
actor ProcessSlots {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []
    init(_ width: Int) { free = width }

    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        do {
            let value = try await body()
            release()
            return value
        } catch {
            release()
            throw error
        }
    }
}

/// The files a command may write below a HOME, read before and after it ran: each one must be
/// byte-identical afterwards, or a complete new version (valid JSON that kept every entry it had
/// before), never half-written, and no temporary file may be left beside it.
struct WrittenFiles: Sendable {
    /// Where the plugins and Helm keep what they write (relative to HOME).
    static let places = [
        ".docker/config.json", ".config/helm/registry/config.json", ".config/harbor", ".cache/harbor", ".local/state/harbor",
    ]

    let contents: [String: Data]

    init(home: String) {
        var contents: [String: Data] = [:]
        for place in Self.places {
            let path = home + "/" + place
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if !isDirectory.boolValue {
                contents[place] = FileManager.default.contents(atPath: path)
                continue
            }
            let enumerator = FileManager.default.enumerator(atPath: path)
            while let entry = enumerator?.nextObject() as? String {
                let full = path + "/" + entry
                FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory)
                if !isDirectory.boolValue { contents[place + "/" + entry] = FileManager.default.contents(atPath: full) ?? Data() }
            }
        }
        self.contents = contents
    }

    /// What happened to the files between `before` and `self`: nil when all is well, else what is wrong.
    func problems(since before: WrittenFiles) -> [String] {
        var problems: [String] = []
        for (path, data) in contents.sorted(by: { $0.key < $1.key }) {
            let name = (path as NSString).lastPathComponent
            if name.contains(".tmp-") || name.hasSuffix(".lock") {
                problems.append("\(path): a temporary file was left behind")
                continue
            }
            if before.contents[path] == data { continue }
            if path.hasSuffix(".json") {
                guard let object = try? JSONSerialization.jsonObject(with: data) else {
                    problems.append("\(path): not valid JSON afterwards (\(data.count) bytes)")
                    continue
                }
                if let old = before.contents[path], let oldObject = try? JSONSerialization.jsonObject(with: old) as? [String: Any] {
                    let lost = Self.lostEntries(from: oldObject, in: object as? [String: Any] ?? [:])
                    if !lost.isEmpty { problems.append("\(path): lost \(lost.joined(separator: ", "))") }
                }
            } else if data.isEmpty || data.last != 0x0a {
                problems.append("\(path): incomplete (\(data.count) bytes, no final newline)")
            }
        }
        for path in before.contents.keys.sorted() where contents[path] == nil {
            problems.append("\(path): removed")
        }
        return problems
    }

    /// Keys of `old` (and of its objects one level down) that `new` no longer has.
    static func lostEntries(from old: [String: Any], in new: [String: Any]) -> [String] {
        var lost: [String] = []
        for (key, value) in old.sorted(by: { $0.key < $1.key }) {
            guard let newValue = new[key] else {
                lost.append(key)
                continue
            }
            if let inner = value as? [String: Any], let newInner = newValue as? [String: Any] {
                lost += inner.keys.sorted().filter { newInner[$0] == nil }.map { "\(key).\($0)" }
            }
        }
        return lost
    }
}
