import Foundation
import Hummingbird

/// Test controls under `/__sandbox/`, a path real Harbor never serves:
/// - `GET|POST|DELETE /__sandbox/faults` list, add (one fault, a list, or `{"faults":[…]}`), clear
/// - `GET|DELETE /__sandbox/requests` the request log (Basic usernames only, never secrets), or clear it
/// - `PUT /__sandbox/users/NAME` `{"secret":…,"expired":…,"sysadmin":…}` create or change a user
/// - `GET|PUT|DELETE /__sandbox/diagnostics` deployment mistakes to imitate (`DiagnosticQuirks`)
struct AdminAPI: Sendable {
    let state: SandboxState
    var quirks = DiagnosticQuirkSwitch()

    func respond(method: String, segments: [String], body: Data) throws -> Response {
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
            default:
                return .text("unknown sandbox admin endpoint \(method) /\(segments.joined(separator: "/"))\n", status: .notFound)
            }
        } catch let error as FixtureError {
            return .text(error.description + "\n", status: .badRequest)
        } catch let error as DecodingError {
            return .text("invalid JSON: \(error)\n", status: .badRequest)
        }
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
        return try admin.respond(method: request.method.rawValue, segments: path.split(separator: "/").map(String.init), body: body)
    }
}
