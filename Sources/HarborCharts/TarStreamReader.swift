/// One entry of a tar stream, as Go's `archive/tar` reports it after folding PAX (`x`) and GNU
/// long-name (`L`) records into the entry they describe.
struct TarEntryHeader: Equatable {
    var name: String
    /// The size the header declares (Helm's limits are checked against it before any byte is read).
    var size: Int64
    var typeflag: UInt8
    var isDirectory: Bool { typeflag == UInt8(ascii: "5") }
    /// A PAX global header (`g`): Go returns it as an entry and Helm skips it.
    var isGlobalHeader: Bool { typeflag == UInt8(ascii: "g") }
}

/// A push-driven tar parser (POSIX ustar, PAX, GNU): bytes go in as they come out of gzip; headers
/// and file contents come out through the closures, without buffering file contents.
final class TarStreamReader {
    enum Failure: Error, Equatable {
        /// A header whose checksum does not match: the data is not a tar archive (Go: `invalid tar header`).
        case invalidHeader(offset: Int64)
        /// The stream ended inside a header or a file (Go: `unexpected EOF`).
        case truncated
        /// A PAX or GNU long-name record larger than Go accepts (1 MiB).
        case oversizedRecord
    }

    /// Called for every entry (not for `x`, `L`, `K` records).
    var onEntry: (TarEntryHeader) throws -> Void = { _ in }
    /// The contents of the current entry, in pieces.
    var onData: (UnsafeRawBufferPointer) throws -> Void = { _ in }

    private enum State {
        case header
        case entryData(remaining: Int64, padding: Int)
        case recordData(kind: UInt8, remaining: Int, padding: Int)
        case padding(remaining: Int)
        case end
    }

    private var state = State.header
    private var pending: [UInt8] = []
    private var offset: Int64 = 0
    private var paxPath: String?
    private var paxSize: Int64?
    private var longName: String?
    private static let maxRecordSize = 1 << 20

    /// Whether the end-of-archive marker (a zero block) was seen.
    var reachedEnd: Bool { if case .end = state { return true } else { return false } }

    func consume(_ input: UnsafeRawBufferPointer) throws {
        var rest = input[...]
        while !rest.isEmpty {
            switch state {
            case .end:
                return
            case .header:
                let take = min(512 - pending.count, rest.count)
                pending.append(contentsOf: rest.prefix(take))
                rest = rest.dropFirst(take)
                offset += Int64(take)
                if pending.count == 512 {
                    let block = pending
                    pending.removeAll(keepingCapacity: true)
                    try parseHeader(block)
                }
            case .entryData(let remaining, let padding):
                let take = Int(min(remaining, Int64(rest.count)))
                if take > 0 {
                    try onData(UnsafeRawBufferPointer(rebasing: rest.prefix(take)))
                    rest = rest.dropFirst(take)
                    offset += Int64(take)
                }
                let left = remaining - Int64(take)
                state = left > 0 ? .entryData(remaining: left, padding: padding) : .padding(remaining: padding)
            case .recordData(let kind, let remaining, let padding):
                let take = min(remaining, rest.count)
                pending.append(contentsOf: rest.prefix(take))
                rest = rest.dropFirst(take)
                offset += Int64(take)
                if remaining - take > 0 {
                    state = .recordData(kind: kind, remaining: remaining - take, padding: padding)
                } else {
                    let record = pending
                    pending.removeAll(keepingCapacity: true)
                    applyRecord(kind: kind, record)
                    state = .padding(remaining: padding)
                }
            case .padding(let remaining):
                let take = min(remaining, rest.count)
                rest = rest.dropFirst(take)
                offset += Int64(take)
                state = remaining - take > 0 ? .padding(remaining: remaining - take) : .header
            }
        }
    }

    /// The input has ended: an archive that stops inside an entry is truncated. One that stops
    /// cleanly between entries without the end marker is accepted, as Go does.
    func finish() throws {
        switch state {
        case .end: return
        case .header where pending.isEmpty: return
        case .padding: return
        default: throw Failure.truncated
        }
    }

    private func parseHeader(_ block: [UInt8]) throws {
        if block.allSatisfy({ $0 == 0 }) {
            state = .end
            return
        }
        let headerOffset = offset - 512
        guard let recorded = Self.octal(block[148..<156]), recorded == Self.checksum(block) else {
            throw Failure.invalidHeader(offset: headerOffset)
        }
        guard let declaredSize = Self.number(block[124..<136]), declaredSize >= 0 else {
            throw Failure.invalidHeader(offset: headerOffset)
        }
        var typeflag = block[156]
        let magic = Array(block[257..<263])
        let isUSTAR = magic == Array("ustar\0".utf8)
        var name = Self.string(block[0..<100])
        if isUSTAR {
            let prefix = Self.string(block[345..<500])
            if !prefix.isEmpty { name = prefix + "/" + name }
        }
        let padding = Int((512 - declaredSize % 512) % 512)

        switch typeflag {
        case UInt8(ascii: "x"), UInt8(ascii: "L"), UInt8(ascii: "K"):
            guard declaredSize <= Self.maxRecordSize else { throw Failure.oversizedRecord }
            state = declaredSize > 0 ? .recordData(kind: typeflag, remaining: Int(declaredSize), padding: padding) : .header
            return
        default:
            break
        }

        if let path = paxPath { name = path } else if let long = longName { name = long }
        let size = paxSize ?? declaredSize
        paxPath = nil
        paxSize = nil
        longName = nil
        if (typeflag == 0 || typeflag == UInt8(ascii: "0")) && name.hasSuffix("/") { typeflag = UInt8(ascii: "5") }
        let header = TarEntryHeader(name: name, size: size, typeflag: typeflag)
        try onEntry(header)
        // Links, devices, directories and FIFOs carry no data in the stream (Go's isHeaderOnlyType).
        let headerOnly = [UInt8(ascii: "1"), UInt8(ascii: "2"), UInt8(ascii: "3"), UInt8(ascii: "4"), UInt8(ascii: "5"), UInt8(ascii: "6")].contains(typeflag)
        let dataSize = headerOnly ? 0 : size
        let dataPadding = Int((512 - dataSize % 512) % 512)
        state = dataSize > 0 ? .entryData(remaining: dataSize, padding: dataPadding) : .header
    }

    private func applyRecord(kind: UInt8, _ record: [UInt8]) {
        switch kind {
        case UInt8(ascii: "L"):
            longName = Self.string(record[...])
        case UInt8(ascii: "x"):
            for (key, value) in Self.paxRecords(record) {
                switch key {
                case "path": paxPath = value
                case "size": paxSize = Int64(value)
                default: break
                }
            }
        default:
            break
        }
    }

    /// PAX records: `LENGTH KEY=VALUE\n`, LENGTH counting the whole record.
    static func paxRecords(_ data: [UInt8]) -> [(String, String)] {
        var records: [(String, String)] = []
        var index = 0
        while index < data.count {
            guard let space = data[index...].firstIndex(of: UInt8(ascii: " ")),
                let length = Int(String(decoding: data[index..<space], as: UTF8.self)), length > 0,
                index + length <= data.count
            else { break }
            let body = data[(space + 1)..<(index + length - 1)]
            if let equals = body.firstIndex(of: UInt8(ascii: "=")) {
                records.append((String(decoding: body[..<equals], as: UTF8.self), String(decoding: body[(equals + 1)...], as: UTF8.self)))
            }
            index += length
        }
        return records
    }

    static func string(_ field: ArraySlice<UInt8>) -> String {
        let end = field.firstIndex(of: 0) ?? field.endIndex
        return String(decoding: field[field.startIndex..<end], as: UTF8.self)
    }

    /// A numeric field: octal text, or GNU base-256 when the high bit of the first byte is set.
    static func number(_ field: ArraySlice<UInt8>) -> Int64? {
        if let first = field.first, first & 0x80 != 0 {
            var value: Int64 = Int64(first & 0x7F)
            for byte in field.dropFirst() {
                guard value < (Int64.max >> 8) else { return nil }
                value = value << 8 | Int64(byte)
            }
            return value
        }
        return octal(field)
    }

    static func octal(_ field: ArraySlice<UInt8>) -> Int64? {
        let text = String(decoding: field, as: UTF8.self).trimmingCharacters(in: " \0")
        if text.isEmpty { return 0 }
        return Int64(text, radix: 8)
    }

    /// The header checksum: the sum of all bytes with the checksum field counted as spaces.
    static func checksum(_ block: [UInt8]) -> Int64 {
        var sum: Int64 = 0
        for (index, byte) in block.enumerated() {
            sum += (148..<156).contains(index) ? 32 : Int64(byte)
        }
        return sum
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        var slice = Substring(self)
        while let first = slice.first, characters.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, characters.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
