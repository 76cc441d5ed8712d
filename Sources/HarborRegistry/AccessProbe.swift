import Foundation
import HarborCore

/// Asks Harbor's token service what the caller may do in a project — the one permission check
/// that works for every kind of account, robots and sysadmins included (goharbor/harbor v2.7.0,
/// src/core/service/token/creator.go `repositoryFilter`: the token's `access` actions are computed
/// from the caller's rights, not echoed from the request).
public enum AccessProbe {
    public struct Access: Sendable, Equatable {
        public let pull: Bool
        public let push: Bool
    }

    /// Asks through `stack`, whose authentication layer sends the account's Basic credentials to
    /// the token service (same server only).
    public static func access(to project: String, using stack: TransportStack) async throws -> Access {
        // Any repository name in the project will do: the actions cover the whole project.
        let scope = "repository:\(project)/harbor-plugins-probe:pull,push"
        let query = "service=harbor-registry&scope=" + (scope.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "+&="))) ?? scope)
        let response = try await stack.send(HTTPRequest(method: .GET, url: stack.url("/service/token?" + query), headers: ["Accept": "application/json"]))
        guard response.status == .ok else {
            await response.body.discard()
            return Access(pull: false, push: false)
        }
        let actions = Self.actions(inTokenResponse: try await response.body.collect(upTo: 1 << 20))
        return Access(pull: actions.contains("pull") || actions.contains("*"), push: actions.contains("push") || actions.contains("*"))
    }

    /// The actions of the first `access` entry of the JWT in a token response.
    static func actions(inTokenResponse body: [UInt8]) -> Set<String> {
        struct Response: Decodable { let token: String? }
        struct Claims: Decodable {
            struct Entry: Decodable { let actions: [String]? }
            let access: [Entry]?
        }
        guard let token = (try? JSONDecoder().decode(Response.self, from: Data(body)))?.token else { return [] }
        let parts = token.split(separator: ".")
        guard parts.count == 3, let data = Base64URL.decode(parts[1]), let claims = try? JSONDecoder().decode(Claims.self, from: data) else { return [] }
        return Set(claims.access?.first?.actions ?? [])
    }
}
