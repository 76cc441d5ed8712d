// libFuzzer harness for RFC 3339 timestamps (HarborCore: RFC3339.swift over CivilTime.swift),
// linked by Fuzz/run.sh against a sanitized HarborCore.
//
// Properties:
// - `RFC3339.parse` never crashes, on any bytes.
// - Round trip where defined (results in the years 0001–9999 UTC, the range `format` writes
//   with four digits): `parse(format(d))` is `d` to the second, and to the millisecond with
//   `milliseconds: true`, also when written with a UTC offset.
// - An input already in `format`'s canonical form (`YYYY-MM-DDTHH:MM:SSZ`, or with `.mmm`, and
//   no leap second) is written back byte for byte.
// - Any whole second in that range, taken from the input's first 8 bytes, round-trips too.
//
// The grammar is RFC 3339 §5.6 (https://www.rfc-editor.org/rfc/rfc3339#section-5.6).

import Foundation
import HarborCore

// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
let earliest: Int64 = -62_135_596_800
let latest: Int64 = 253_402_300_799

func roundTrip(_ date: Date, from input: String) {
    let seconds = date.timeIntervalSince1970
    guard seconds >= Double(earliest + 86_400), seconds < Double(latest - 86_400) else { return }
    for offset in [0, 19_800, -3_600, 12 * 3600 + 45 * 60] {
        let whole = RFC3339.format(date, utcOffset: offset)
        guard let back = RFC3339.parse(whole) else { fatalError("\(whole.debugDescription) (from \(input.debugDescription)) does not parse") }
        require(back.timeIntervalSince1970 == seconds.rounded(.down), "\(whole) reads \(back.timeIntervalSince1970), expected \(seconds.rounded(.down)) (from \(input.debugDescription))")
        let precise = RFC3339.format(date, milliseconds: true, utcOffset: offset)
        guard let preciseBack = RFC3339.parse(precise) else { fatalError("\(precise.debugDescription) (from \(input.debugDescription)) does not parse") }
        require(abs(preciseBack.timeIntervalSince1970 - seconds) <= 0.0005 + 1e-6 * abs(seconds) / 1e9,
                     "\(precise) reads \(preciseBack.timeIntervalSince1970), expected \(seconds) (from \(input.debugDescription))")
    }
}

func isCanonical(_ bytes: [UInt8]) -> Bool {
    func digits(_ range: Range<Int>) -> Bool { range.allSatisfy { bytes[$0] >= 0x30 && bytes[$0] <= 0x39 } }
    let shape = (bytes.count == 20 || (bytes.count == 24 && bytes[19] == UInt8(ascii: ".") && digits(20..<23)))
    return shape && digits(0..<4) && bytes[4] == UInt8(ascii: "-") && digits(5..<7) && bytes[7] == UInt8(ascii: "-") && digits(8..<10)
        && bytes[10] == UInt8(ascii: "T") && digits(11..<13) && bytes[13] == UInt8(ascii: ":") && digits(14..<16)
        && bytes[16] == UInt8(ascii: ":") && digits(17..<19) && bytes[17] < UInt8(ascii: "6") && bytes.last == UInt8(ascii: "Z")
        && !(bytes[0...3].allSatisfy { $0 == 0x30 })
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let input = String(decoding: bytes, as: UTF8.self)
    if let date = RFC3339.parse(input) {
        roundTrip(date, from: input)
        let utf8 = Array(input.utf8)
        if isCanonical(utf8) {
            let again = RFC3339.format(date, milliseconds: utf8.count == 24)
            require(again == input, "canonical \(input.debugDescription) is written back as \(again.debugDescription)")
        }
    }
    if size >= 8 {
        var raw: UInt64 = 0
        for byte in bytes[0..<8] { raw = raw << 8 | UInt64(byte) }
        let span = UInt64(latest - earliest)
        let seconds = earliest + Int64(raw % span)
        roundTrip(Date(timeIntervalSince1970: TimeInterval(seconds)), from: "seconds \(seconds)")
    }
    return 0
}

/// `precondition` that keeps its message in an -O build (the fuzzers are built with -O).
func require(_ condition: Bool, _ message: @autoclosure () -> String = "", file: StaticString = #file, line: UInt = #line) {
    if !condition { fatalError(message(), file: file, line: line) }
}
