import Foundation
import HarborCore
import Testing

import HarborCredentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fresh directory for one test, removed afterwards.
final class TemporaryDirectory {
    let path: String

    init(_ name: String = #function) {
        let base = FileManager.default.temporaryDirectory.path + "/harbor-creds-" + UUID().uuidString.prefix(8)
        path = base
        try! FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ text: String, to name: String, mode: mode_t = 0o600) -> String {
        let file = path + "/" + name
        try! FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: file, contents: Data(text.utf8))
        chmod(file, mode)
        return file
    }

    func read(_ name: String) -> String {
        (try? String(contentsOfFile: path + "/" + name, encoding: .utf8)) ?? "<missing>"
    }

    /// A minimal environment: HOME here, PATH as the test process has it.
    var environment: ProcessEnvironment {
        ProcessEnvironment(
            variables: ["HOME": path, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"],
            homeDirectory: path)
    }
}

func fileMode(_ path: String) -> mode_t {
    var info = stat()
    stat(path, &info)
    return info.st_mode & 0o7777
}

func modificationTime(_ path: String) -> [Int] {
    var info = stat()
    stat(path, &info)
    #if canImport(Darwin)
    return [Int(info.st_mtimespec.tv_sec), Int(info.st_mtimespec.tv_nsec)]
    #else
    return [Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec)]
    #endif
}

/// Sets `path`'s modification time to `seconds` after the epoch, so that a test can tell a
/// rewrite from no write without waiting for the clock to tick.
func setModificationTime(_ path: String, seconds: Int) {
    var times = [timespec(tv_sec: seconds, tv_nsec: 0), timespec(tv_sec: seconds, tv_nsec: 0)]
    let result = utimensat(AT_FDCWD, path, &times, 0)
    precondition(result == 0, "utimensat \(path): \(String(cString: strerror(errno)))")
}

func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

/// Runs a tool the tests need. A missing tool fails the test with what to install: never a silent skip.
func requireTool(_ name: String, package: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    guard let path = ExecutableSearch.find(name, in: .current) else {
        Issue.record("\(name) is not on PATH; install it with: apt-get install -y \(package)", sourceLocation: sourceLocation)
        throw MissingTool(name: name)
    }
    return path
}

struct MissingTool: Error { let name: String }
