import Crypto
import HarborCore
import Foundation
import _CryptoExtras

/// One entry of a registry token's `access` claim.
public struct ResourceActions: Codable, Sendable, Equatable {
    public var type: String
    public var name: String
    public var actions: [String]

    public init(type: String, name: String, actions: [String]) {
        self.type = type
        self.name = name
        self.actions = actions
    }
}

/// The claims Harbor puts in a registry token (goharbor/harbor v2.7.0,
/// src/pkg/token/claims/v2/claims.go).
public struct TokenClaims: Codable, Sendable, Equatable {
    public var issuer: String
    /// Omitted for anonymous tokens, as golang-jwt's `sub` is omitempty.
    public var subject: String?
    public var audience: [String]
    public var expiresAt: Int
    public var notBefore: Int
    public var issuedAt: Int
    public var id: String
    public var access: [ResourceActions]

    enum CodingKeys: String, CodingKey {
        case issuer = "iss", subject = "sub", audience = "aud", expiresAt = "exp", notBefore = "nbf"
        case issuedAt = "iat", id = "jti", access
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        issuer = try c.decode(String.self, forKey: .issuer)
        subject = try c.decodeIfPresent(String.self, forKey: .subject)
        // `aud` may be a single string or a list (RFC 7519 §4.1.3).
        if let single = try? c.decode(String.self, forKey: .audience) {
            audience = [single]
        } else {
            audience = try c.decodeIfPresent([String].self, forKey: .audience) ?? []
        }
        expiresAt = try c.decode(Int.self, forKey: .expiresAt)
        notBefore = try c.decodeIfPresent(Int.self, forKey: .notBefore) ?? 0
        issuedAt = try c.decodeIfPresent(Int.self, forKey: .issuedAt) ?? 0
        id = try c.decodeIfPresent(String.self, forKey: .id) ?? ""
        access = try c.decodeIfPresent([ResourceActions].self, forKey: .access) ?? []
    }

    /// `aud` as one string: distribution 2.8's `ClaimSet.Audience` is a plain string, so a list is "malformed".
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(issuer, forKey: .issuer)
        try c.encodeIfPresent(subject, forKey: .subject)
        if audience.count == 1 { try c.encode(audience[0], forKey: .audience) } else { try c.encode(audience, forKey: .audience) }
        try c.encode(expiresAt, forKey: .expiresAt)
        try c.encode(notBefore, forKey: .notBefore)
        try c.encode(issuedAt, forKey: .issuedAt)
        try c.encode(id, forKey: .id)
        try c.encode(access, forKey: .access)
    }

    public init(
        issuer: String, subject: String?, audience: [String], expiresAt: Int, notBefore: Int, issuedAt: Int,
        id: String, access: [ResourceActions]
    ) {
        self.issuer = issuer
        self.subject = subject
        self.audience = audience
        self.expiresAt = expiresAt
        self.notBefore = notBefore
        self.issuedAt = issuedAt
        self.id = id
        self.access = access
    }

    /// Actions granted on one resource.
    func actions(type: String, name: String) -> Set<RepositoryAction> {
        Set(access.filter { $0.type == type && $0.name == name }.flatMap { $0.actions.compactMap(RepositoryAction.init(rawValue:)) })
    }
}

/// Why a presented token was not accepted.
enum TokenVerificationError: Error, Equatable {
    case malformed, wrongAlgorithm, unknownKey, badSignature, wrongIssuer, wrongAudience, expired, notYetValid
}

/// RS256 JWS compact serialization, the way Harbor signs registry tokens (`kid` header).
struct JWTSigner: Sendable {
    let privateKey: _RSA.Signing.PrivateKey
    let keyID: String

    init(privateKey: _RSA.Signing.PrivateKey) {
        self.privateKey = privateKey
        self.keyID = LibtrustKeyID.keyID(subjectPublicKeyInfoDER: privateKey.publicKey.derRepresentation)
    }

    func sign(_ claims: TokenClaims) throws -> String {
        let header = #"{"alg":"RS256","kid":"\#(keyID)","typ":"JWT"}"#
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let payload = try encoder.encode(claims)
        let signingInput = Base64URL.encode(Data(header.utf8)) + "." + Base64URL.encode(payload)
        let signature = try privateKey.signature(for: Data(signingInput.utf8), padding: .insecurePKCS1v1_5)
        return signingInput + "." + Base64URL.encode(signature.rawRepresentation)
    }

    /// Checks signature, issuer, audience and time; the caller checks `access`.
    func verify(_ token: String, issuer: String, audience: String, now: Date = Date()) throws(TokenVerificationError) -> TokenClaims {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
            let headerData = Base64URL.decode(parts[0]),
            let payload = Base64URL.decode(parts[1]),
            let signatureBytes = Base64URL.decode(parts[2]),
            let header = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any]
        else { throw .malformed }
        guard header["alg"] as? String == "RS256" else { throw .wrongAlgorithm }
        guard header["kid"] as? String == keyID else { throw .unknownKey }
        let signingInput = Data("\(parts[0]).\(parts[1])".utf8)
        guard
            privateKey.publicKey.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signatureBytes), for: signingInput, padding: .insecurePKCS1v1_5)
        else { throw .badSignature }
        guard let claims = try? JSONDecoder().decode(TokenClaims.self, from: payload) else { throw .malformed }
        guard claims.issuer == issuer else { throw .wrongIssuer }
        guard claims.audience.contains(audience) else { throw .wrongAudience }
        let seconds = Int(now.timeIntervalSince1970)
        let leeway = 60
        guard claims.expiresAt + leeway > seconds else { throw .expired }
        guard claims.notBefore - leeway <= seconds else { throw .notYetValid }
        return claims
    }
}
