import Foundation

/// A program run to its end by a test helper, with what it printed (to files, so that a daemon it
/// leaves behind cannot hold a pipe open).
public struct CompletedProcess: CustomStringConvertible, Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
    public var description: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }

    /// Runs `executable` with exactly `environment`, stdin from /dev/null or `stdin`.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String], stdin: String? = nil, directory: String? = nil
    ) throws -> CompletedProcess {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("harbor-run-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outFile = scratch.appendingPathComponent("stdout"), errFile = scratch.appendingPathComponent("stderr")
        let inFile = scratch.appendingPathComponent("stdin")
        _ = FileManager.default.createFile(atPath: outFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: inFile.path, contents: Data((stdin ?? "").utf8))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = try FileHandle(forWritingTo: outFile), errors = try FileHandle(forWritingTo: errFile)
        let input = try FileHandle(forReadingFrom: stdin == nil ? URL(fileURLWithPath: "/dev/null") : inFile)
        defer { try? output.close(); try? errors.close(); try? input.close() }
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.run()
        process.waitUntilExit()
        return CompletedProcess(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: outFile, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errFile, encoding: .utf8)) ?? "")
    }
}
