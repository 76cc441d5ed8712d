import Crypto
import Foundation

/// The key ID distribution's libtrust gives a public key, which Harbor puts in a token's `kid` header:
/// SHA-256 of the DER SubjectPublicKeyInfo, first 240 bits, base32, in 12 groups of 4 joined by `:`
/// (distribution/distribution v2.8.2, registry/auth/token/token.go `VerifySigningKey`; docker/libtrust
/// util.go `keyIDFromCryptoKey`).
package enum LibtrustKeyID {
    package static func keyID(subjectPublicKeyInfoDER der: some DataProtocol) -> String {
        let hash = Array(SHA256.hash(data: Data(der)))
        let encoded = base32(Array(hash.prefix(30)))  // 240 bits → exactly 48 characters, no padding
        var groups: [Substring] = []
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 4, limitedBy: encoded.endIndex) ?? encoded.endIndex
            groups.append(encoded[index..<end])
            index = end
        }
        return groups.joined(separator: ":")
    }

    /// RFC 4648 base32 (upper case); the input length here is always a multiple of 5 bytes.
    package static func base32(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var output = ""
        var buffer: UInt64 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt64(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                output.append(alphabet[Int((buffer >> UInt64(bits)) & 0x1F)])
            }
        }
        if bits > 0 { output.append(alphabet[Int((buffer << UInt64(5 - bits)) & 0x1F)]) }
        return output
    }
}
