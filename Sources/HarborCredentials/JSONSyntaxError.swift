/// A JSON text that cannot be parsed, with the place where parsing stopped.
///
/// Lines and columns count from 1; columns count characters (UTF-8 sequences), not bytes.
public struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    public let line: Int
    public let column: Int
    /// What the parser wanted and what it found, e.g. `expected ',' or '}' after an object member, found '"'`.
    public let problem: String

    public init(path: String, line: Int, column: Int, problem: String) {
        self.path = path
        self.line = line
        self.column = column
        self.problem = problem
    }

    public var description: String {
        "\(path):\(line):\(column): not valid JSON: \(problem)\n  nothing was written; fix the file, or move it away to start afresh"
    }
}

/// An edit that does not fit the shape of the document, e.g. setting `auths.host` when `auths` is a string.
public struct JSONEditError: Error, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    /// The keys leading to the value that is in the way, e.g. `["auths"]`.
    public let keyPath: [String]
    public let found: String

    public var description: String {
        let key = keyPath.isEmpty ? "the top-level value" : "\"" + keyPath.joined(separator: ".") + "\""
        return "\(path): \(key) is \(found), expected a JSON object\n  nothing was written; fix the file, or move it away to start afresh"
    }
}
