import Foundation

/// Where the repository and the binaries of the current build are, for helpers that install them.
public enum BuiltProducts {
    /// The repository root (this file is Sources/HarborTestSupport/BuiltProducts.swift).
    public static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// `$HARBOR_BIN_DIR`, else the build directory the running test bundle was built into
    /// (the first directory at or above it that holds `docker-harbor` and `helm-harbor`).
    public static func directory() throws -> String {
        if let explicit = ProcessInfo.processInfo.environment["HARBOR_BIN_DIR"], !explicit.isEmpty { return explicit }
        var starts = [Bundle.main.bundleURL]
        if let argument = CommandLine.arguments.first { starts.append(URL(fileURLWithPath: argument).deletingLastPathComponent()) }
        for start in starts {
            var url = start
            for _ in 0..<4 {
                if ["docker-harbor", "helm-harbor"].allSatisfy({ FileManager.default.isExecutableFile(atPath: url.appendingPathComponent($0).path) }) {
                    return url.path
                }
                url.deleteLastPathComponent()
            }
        }
        throw TestSupportError(
            "cannot find the built docker-harbor and helm-harbor near \(starts.map(\.path)); run `swift build` first or set HARBOR_BIN_DIR")
    }
}

/// A test helper could not set up what a test needs; the message says what and how to fix it.
public struct TestSupportError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
