/// Entry names inside a chart or plugin archive.
enum ArchivePath {
    /// Go's `path.Clean` for a relative path, as Helm cleans an archive entry's name before its
    /// checks (helm/helm pkg/chart/loader/archive, v4.3.1).
    static func clean(_ path: String) -> String {
        var stack: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = stack.last, last != ".." { stack.removeLast(); continue }
            stack.append(part)
        }
        return stack.isEmpty ? "." : stack.joined(separator: "/")
    }
}
