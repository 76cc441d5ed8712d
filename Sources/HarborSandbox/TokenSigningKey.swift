import Crypto
import Foundation
import X509
import _CryptoExtras

/// The RSA key Harbor's token service signs with, and the self-signed certificate the child
/// registry is told to trust (`auth.token.rootcertbundle`). Made fresh at every start.
struct TokenSigningKey: Sendable {
    let signer: JWTSigner
    let certificatePEM: String

    static func generate(commonName: String = "harbor-token-issuer") throws -> TokenSigningKey {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let certificateKey = Certificate.PrivateKey(key)
        let name = try DistinguishedName { CommonName(commonName) }
        let now = Date()
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: certificateKey.publicKey,
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(10 * 365 * 86400),
            issuer: name,
            subject: name,
            signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: try Certificate.Extensions {
                Critical(KeyUsage(digitalSignature: true))
            },
            issuerPrivateKey: certificateKey
        )
        return TokenSigningKey(signer: JWTSigner(privateKey: key), certificatePEM: try certificate.serializeAsPEM().pemString)
    }
}
