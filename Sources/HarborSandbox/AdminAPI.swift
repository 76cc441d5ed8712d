import Foundation
import Hummingbird

/// Test controls under `/__sandbox/`, a path real Harbor never serves:
/// - `GET|POST|DELETE /__sandbox/faults` list, add (one fault, a list, or `{"faults":[…]}`), clear
/// - `GET|DELETE /__sandbox/requests` the request log (Basic usernames only, never secrets), or clear it
/// - `PUT /__sandbox/users/NAME` `{"secret":…,"expired":…,"sysadmin":…}` create or change a user
/// - `GET|PUT|DELETE /__sandbox/diagnostics` deployment mistakes to imitate (`DiagnosticQuirks`)
/// - `PUT /__sandbox/projects/NAME/created` `{"secondsFromNow":120}` when the project was created, as if
///   deleted and created again (`--harbor-version 2.15` refuses registry tokens issued before)
/// - `PUT /__sandbox/projects/NAME/policy` a `ProjectPolicy` (`preventVulnerable`, `severity`, `cosignRequired`,
///   `immutableTags`, `storageLimitBytes`); `GET /__sandbox/projects/NAME/storage` the counted usage
/// - `PUT /__sandbox/scans` `{"repository":"pkey/app","reference":"1","status":"Running","vulnerabilities":[…]}` set an
///   artifact's scan (its children too, for an index); without `status` the artifact is "never scanned" again
/// - `PUT /__sandbox/signatures` `{"repository":…,"reference":…,"signed":true}` attach or remove a cosign signature
/// - `PUT /__sandbox/read-only` `{"readOnly":true}` Harbor's read-only mode
struct AdminAPI: Sendable {
    let state: SandboxState
    /// Resolves tags to digests for scans and signatures.
    let client: RegistryClient
    var quirks = DiagnosticQuirkSwitch()

    func respond(method: String, segments: [String], body: Data) async throws -> Response {
        do {
            switch (method, segments) {
            case ("GET", ["__sandbox", "faults"]):
                return try .json(state.faults)
            case ("POST", ["__sandbox", "faults"]):
                let faults = try decodeFaults(body)
                for fault in faults { try fault.validate() }
                state.addFaults(faults)
                return try .json(state.faults)
            case ("DELETE", ["__sandbox", "faults"]):
                state.clearFaults()
                return Response(status: .noContent)
            case ("GET", ["__sandbox", "requests"]):
                return try .json(state.requests)
            case ("DELETE", ["__sandbox", "requests"]):
                state.clearRequests()
                return Response(status: .noContent)
            case (_, ["__sandbox", "diagnostics"]):
                return try quirks.respond(method: method, body: body)
            case ("PUT", let path) where path.count == 3 && path[0] == "__sandbox" && path[1] == "users":
                struct Change: Decodable { let secret: String?; let expired: Bool?; let sysadmin: Bool? }
                let change = try JSONDecoder().decode(Change.self, from: body.isEmpty ? Data("{}".utf8) : body)
                let user = try state.upsertUser(path[2], secret: change.secret, expired: change.expired, sysadmin: change.sysadmin)
                return try .json(["username": user.username, "expired": String(user.expired), "sysadmin": String(user.sysadmin)])
            case ("PUT", let path) where path.count == 4 && path[0] == "__sandbox" && path[1] == "projects" && path[3] == "policy":
                guard state.project(named: path[2]) != nil else { throw FixtureError("no project \(path[2])") }
                let policy = try JSONDecoder().decode(ProjectPolicy.self, from: body.isEmpty ? Data("{}".utf8) : body)
                state.setPolicy(policy, project: path[2])
                return try .json(policy)
            case ("PUT", let path) where path.count == 4 && path[0] == "__sandbox" && path[1] == "projects" && path[3] == "created":
                struct Change: Decodable { let secondsFromNow: Double }
                let change = try JSONDecoder().decode(Change.self, from: body)
                try state.setCreationTime(Date().addingTimeInterval(change.secondsFromNow), project: path[2])
                return Response(status: .noContent)
            case ("GET", let path) where path.count == 4 && path[0] == "__sandbox" && path[1] == "projects" && path[3] == "storage":
                let usage = state.storageUsage(project: path[2])
                return try .json(["bytes": usage.bytes, "blobs": Int64(usage.blobs.count)])
            case ("PUT", ["__sandbox", "scans"]):
                struct Change: Decodable {
                    let repository: String
                    let reference: String
                    let status: String?
                    let vulnerabilities: [ScanOverview.Vulnerability]?
                }
                let change = try JSONDecoder().decode(Change.self, from: body)
                if let status = change.status, !ScanOverview.statuses.contains(status) {
                    throw FixtureError("unknown scan status \(status) (use \(ScanOverview.statuses.joined(separator: ", ")))")
                }
                let digests = try await resolve(change.repository, change.reference)
                let now = Date()
                let scan = change.status.map { status in
                    ScanOverview(
                        status: status, vulnerabilities: change.vulnerabilities ?? [], startTime: now,
                        endTime: ["Success", "Error", "Stopped"].contains(status) ? now : nil)
                }
                for digest in digests { state.setScan(scan, repository: change.repository, digest: digest) }
                return try .json(["digests": digests])
            case ("PUT", ["__sandbox", "signatures"]):
                struct Change: Decodable { let repository: String; let reference: String; let signed: Bool? }
                let change = try JSONDecoder().decode(Change.self, from: body)
                let digests = try await resolve(change.repository, change.reference)
                for digest in digests { state.setSigned(change.signed ?? true, repository: change.repository, digest: digest) }
                return try .json(["digests": digests])
            case ("PUT", ["__sandbox", "read-only"]):
                struct Change: Decodable { let readOnly: Bool }
                state.setReadOnly(try JSONDecoder().decode(Change.self, from: body).readOnly)
                return try .json(["readOnly": state.readOnly])
            default:
                return .text("unknown sandbox admin endpoint \(method) /\(segments.joined(separator: "/"))\n", status: .notFound)
            }
        } catch let error as FixtureError {
            return .text(error.description + "\n", status: .badRequest)
        } catch let error as DecodingError {
            return .text("invalid JSON: \(error)\n", status: .badRequest)
        }
    }

    /// The digest a tag or digest names, and for an index its children's.
    private func resolve(_ repository: String, _ reference: String) async throws -> [String] {
        guard let manifest = try await client.manifest(repository, reference: reference) else {
            throw FixtureError("no manifest \(repository):\(reference) in the registry")
        }
        var digests = [manifest.digest]
        let json = (try? JSONDecoder().decode(JSONValue.self, from: manifest.data)) ?? .null
        for child in json["manifests"]?.array ?? [] { if let digest = child["digest"]?.string { digests.append(digest) } }
        return digests
    }

    private func decodeFaults(_ body: Data) throws -> [Fault] {
        let decoder = JSONDecoder()
        if let list = try? decoder.decode([Fault].self, from: body) { return list }
        struct Wrapped: Decodable { let faults: [Fault] }
        if let wrapped = try? decoder.decode(Wrapped.self, from: body) { return wrapped.faults }
        return [try decoder.decode(Fault.self, from: body)]
    }
}

/// Serves only `/__sandbox/` (the plain-HTTP admin listener next to a TLS sandbox).
struct AdminOnlyResponder: HTTPResponder {
    typealias Context = SandboxRequestContext
    let admin: AdminAPI

    func respond(to request: Request, context: Context) async throws -> Response {
        let path = request.uri.path.removingPercentEncoding ?? request.uri.path
        guard path.hasPrefix("/__sandbox/") else { return .text("only /__sandbox/ is served here\n", status: .notFound) }
        var buffer = try await request.body.collect(upTo: 1 << 20)
        let body = buffer.readData(length: buffer.readableBytes) ?? Data()
        return try await admin.respond(method: request.method.rawValue, segments: path.split(separator: "/").map(String.init), body: body)
    }
}
