import Foundation

/// A minimal ustar writer: regular files only, enough for a Helm chart or an image layer.
package struct TarWriter {
    private(set) var data = Data()

    package init() {}

    package mutating func addFile(path: String, contents: Data, mode: Int = 0o644, modificationTime: Int = 0) {
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int, width: Int) {
            for (index, byte) in text.utf8.prefix(width).enumerated() { header[offset + index] = byte }
        }
        func octal(_ value: Int, width: Int) -> String {
            let digits = String(value, radix: 8)
            return String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits
        }
        var name = path
        var prefix = ""
        if path.utf8.count > 100, let slash = path.lastIndex(of: "/") {
            prefix = String(path[..<slash])
            name = String(path[path.index(after: slash)...])
        }
        put(name, at: 0, width: 100)
        put(octal(mode, width: 8), at: 100, width: 8)
        put(octal(0, width: 8), at: 108, width: 8)
        put(octal(0, width: 8), at: 116, width: 8)
        put(octal(contents.count, width: 12), at: 124, width: 12)
        put(octal(modificationTime, width: 12), at: 136, width: 12)
        put("        ", at: 148, width: 8)  // checksum is computed with spaces here
        header[156] = UInt8(ascii: "0")
        put("ustar", at: 257, width: 6)
        put("00", at: 263, width: 2)
        put("root", at: 265, width: 32)
        put("root", at: 297, width: 32)
        put(prefix, at: 345, width: 155)
        let checksum = header.reduce(0) { $0 + Int($1) }
        put(octal(checksum, width: 7), at: 148, width: 6)
        header[154] = 0
        header[155] = UInt8(ascii: " ")
        data.append(contentsOf: header)
        data.append(contents)
        let padding = (512 - contents.count % 512) % 512
        data.append(Data(count: padding))
    }

    /// Two zero blocks end the archive.
    package mutating func finish() -> Data {
        data.append(Data(count: 1024))
        return data
    }
}
