import Foundation

/// Why Harbor refused a registry request, read from Harbor's own message — in its JSON error body,
/// or in the text docker, containerd or Helm print around it (`unknown: …`, `denied: …`). The texts
/// are Harbor's (goharbor/harbor v2.7.0 unless noted):
/// - 412 PROJECTPOLICYVIOLATION, src/server/middleware/vulnerable/vulnerable.go: "current image with N
///   vulnerabilities cannot be pulled due to configured policy in 'Prevent images with vulnerability
///   severity of "S" or higher from running.' …", the `"STATUS" status of vulnerability scanning` form
///   while a scan is pending or running, and "current image without vulnerability scanning";
/// - 412 PROJECTPOLICYVIOLATION, src/server/middleware/contenttrust/cosign.go: "The image is not signed in
///   Cosign." (v2.9.0+, contentrust.go: "The image is not signed by cosign.");
/// - 412 PRECONDITION, src/server/middleware/immutable/error.go: "Failed to process request due to
///   'REPO:TAG' configured as immutable." (REPO without its project);
/// - 403 DENIED, src/pkg/quota/errors.go: "adding A of storage resource, which when updated to current
///   usage of C will exceed the configured upper limit of L.";
/// - 403 DENIED, src/server/middleware/readonly/readonly.go: "The system is in read only mode. Any
///   modification is prohibited.";
/// - 401, src/server/middleware/v2auth/auth.go: "unauthorized to access repository: R, action: A" (no
///   permission, or no such project: Harbor does not say which).
public enum HarborRefusal: Sendable, Equatable {
    /// The scan found vulnerabilities at or above the project's severity.
    case vulnerable(count: Int, severity: String)
    /// A scan exists but has not succeeded (`Pending`, `Running`, `Error`, `Stopped`).
    case scanNotFinished(status: String, severity: String)
    case notScanned(severity: String)
    /// The project requires a cosign signature and the image has none.
    case unsigned
    /// The tag exists and matches an immutable rule: `repository` is the name inside the project.
    case immutableTag(repository: String, tag: String)
    /// The storage quota would be exceeded: Harbor's own sizes, as text (`9.8 GiB`).
    case quotaExceeded(adding: String, used: String, limit: String)
    case readOnly
    /// `unauthorized to access repository: R, action: A`.
    case noAccess(repository: String, action: String)

    /// The 401 every missing permission (and missing project) gets, as opposed to a policy refusal.
    public var isAccessDenial: Bool { if case .noAccess = self { true } else { false } }

    /// The first refusal named in `text`; nil when it names none.
    public static func find(in text: String) -> HarborRefusal? {
        let policy = #"due to configured policy in 'Prevent images with vulnerability severity of "([A-Za-z]+)" or higher"#
        if let m = text.firstMatch(#"current image with (\d+) vulnerabilit(?:y|ies) cannot be pulled "# + policy), let count = Int(m[1]) {
            return .vulnerable(count: count, severity: m[2])
        }
        if let m = text.firstMatch(#"current image with "([A-Za-z]+)" status of vulnerability scanning cannot be pulled "# + policy) {
            return .scanNotFinished(status: m[1], severity: m[2])
        }
        if let m = text.firstMatch(#"current image without vulnerability scanning cannot be pulled "# + policy) {
            return .notScanned(severity: m[1])
        }
        if text.range(of: "The image is not signed in Cosign.", options: .caseInsensitive) != nil
            || text.range(of: "The image is not signed by cosign.", options: .caseInsensitive) != nil
        {
            return .unsigned
        }
        if let m = text.firstMatch(#"Failed to process request due to '([^']*):([^':]+)' configured as immutable"#) {
            return .immutableTag(repository: m[1], tag: m[2])
        }
        if let m = text.firstMatch(
            #"adding ([0-9.]+ [KMGTPE]?i?B) of storage resource, which when updated to current usage of ([0-9.]+ [KMGTPE]?i?B) will exceed the configured upper limit of ([0-9.]+ [KMGTPE]?i?B)"#)
        {
            return .quotaExceeded(adding: m[1], used: m[2], limit: m[3])
        }
        if text.contains("The system is in read only mode") { return .readOnly }
        if let m = text.firstMatch(#"unauthorized to access repository: ([^,\s]+), action: ([a-z*-]+)"#) {
            return .noAccess(repository: m[1], action: m[2])
        }
        return nil
    }

    /// From a Harbor JSON error body (`{"errors":[{"code":…,"message":…}]}`), else the body as text.
    public static func find(inBody body: [UInt8]) -> HarborRefusal? {
        if let decoded = try? JSONDecoder().decode(HarborErrorBody.self, from: Data(body)) {
            for entry in decoded.errors { if let refusal = find(in: entry.message ?? "") { return refusal } }
            return nil
        }
        return find(in: String(decoding: body.prefix(4096), as: UTF8.self))
    }
}

extension String {
    /// The capture groups of the first match of `pattern` (index 0 is the whole match).
    func firstMatch(_ pattern: String) -> [String]? {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return nil }
        let range = NSRange(startIndex..., in: self)
        guard let match = regex.firstMatch(in: self, range: range) else { return nil }
        return (0..<match.numberOfRanges).map { index in
            Range(match.range(at: index), in: self).map { String(self[$0]) } ?? ""
        }
    }
}
