import HarborCore

/// Checks a username and secret the one way that works for Harbor CLI secrets: `GET /v2/`
/// with Basic authentication (harbor-api.md §1, §2 "Credential check for a CLI"). Not
/// `/api/v2.0/users/current`: Harbor treats a CLI secret as anonymous there, which is exactly
/// why goharbor/harbor-cli cannot log OIDC users in (§7).
public enum CredentialVerifier {
    public enum Outcome: Sendable, Equatable {
        /// 200: the credentials work.
        case accepted(HarborEndpoint)
        /// 401: wrong secret, unknown user, or (for a CLI secret) a lapsed OIDC session; Harbor
        /// answers all three the same way (§4).
        case rejected(HarborEndpoint)
        /// Some other answer: not a registry, or a server in trouble.
        case unexpected(HarborEndpoint, status: Int, detail: String)
    }

    public static func verify(_ credentials: BasicCredentials, at instance: Instance, session: HTTPSession) async throws(TransportError) -> Outcome {
        var lastError: TransportError?
        // candidates(for:) offers plain HTTP for loopback hosts only.
        for endpoint in HarborEndpoint.candidates(for: instance) {
            do {
                let reply = try await session.get(endpoint.url("/v2/"), authorization: credentials.authorizationHeader)
                switch reply.status {
                case 200: return .accepted(endpoint)
                case 401: return .rejected(endpoint)
                default: return .unexpected(endpoint, status: reply.status, detail: HarborErrorMessage.extract(from: reply))
                }
            } catch {
                // HTTPS failed on a loopback host that may speak plain HTTP: try that next.
                if endpoint.scheme == .https, instance.isLoopback, error.suggestsPlainHTTP {
                    lastError = error
                    continue
                }
                throw error
            }
        }
        throw lastError ?? TransportError.other(host: instance.host, reason: "no endpoint to try")
    }
}

/// The message in Harbor's `{"errors":[{"code":…,"message":…}]}` bodies, or a short excerpt.
enum HarborErrorMessage {
    static func extract(from reply: HTTPReply) -> String {
        struct Body: Decodable {
            struct Entry: Decodable { let code: String?; let message: String? }
            let errors: [Entry]
        }
        if let body = try? JSONDecoder().decode(Body.self, from: Data(reply.body)), let first = body.errors.first {
            return [first.code, first.message].compactMap { $0 }.joined(separator: ": ")
        }
        let text = reply.text.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}

import Foundation
