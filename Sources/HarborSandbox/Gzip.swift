import Foundation

/// gzip (RFC 1952) with stored deflate blocks: valid for every gunzip, no zlib needed. Fine for the
/// few kilobytes the sandbox seeds.
package enum Gzip {
    package static func compressStored(_ input: Data) -> Data {
        var output = Data([0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF])
        let bytes = [UInt8](input)
        var offset = 0
        repeat {
            let length = min(65_535, bytes.count - offset)
            let isFinal = offset + length >= bytes.count
            output.append(isFinal ? 0x01 : 0x00)
            output.append(contentsOf: littleEndian16(UInt16(length)))
            output.append(contentsOf: littleEndian16(~UInt16(length)))
            output.append(contentsOf: bytes[offset..<(offset + length)])
            offset += length
        } while offset < bytes.count
        output.append(contentsOf: littleEndian32(CRC32.checksum(bytes)))
        output.append(contentsOf: littleEndian32(UInt32(truncatingIfNeeded: bytes.count)))
        return output
    }

    private static func littleEndian16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    private static func littleEndian32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }
}

/// CRC-32 (IEEE 802.3), as gzip uses it.
package enum CRC32 {
    static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = (value & 1) != 0 ? (0xEDB8_8320 ^ (value >> 1)) : (value >> 1) }
        return value
    }

    package static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
