import Foundation

/// `--format json`: one object, keys sorted and stable: `instance`, `status` (the worst line), and
/// `checks`, each with `check`, `status` (`ok`, `warning`, `failure`), `summary` and, when not ok,
/// `fix`.
enum DoctorJSONRenderer {
    static func render(_ report: DoctorReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }
}
