import Foundation
import HarborCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// Finds programs the way a shell does: the first executable regular file named `name` in `$PATH`.
public enum ExecutableSearch {
    public static func find(_ name: String, in environment: ProcessEnvironment) -> String? {
        guard !name.isEmpty, !name.contains("/") else { return nil }
        let searchPath = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in searchPath.split(separator: ":", omittingEmptySubsequences: false) {
            // An empty PATH entry means the current directory.
            let candidate = (directory.isEmpty ? "." : String(directory)) + "/" + name
            var info = stat()
            guard stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}
