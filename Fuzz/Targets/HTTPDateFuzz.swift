// libFuzzer harness for HTTP-date and Retry-After (HarborCore: HTTPDate.swift, RetryAfter.swift
// over CivilTime.swift), linked by Fuzz/run.sh against a sanitized HarborCore.
//
// Properties:
// - `HTTPDate.parse` and `RetryAfter.parse` never crash, on any bytes.
// - A parsed date is a whole second in the years 0001–9999, and `format` of it (the
//   IMF-fixdate) parses back to the same date.
// - An IMF-fixdate whose day name is the date's own is written back byte for byte (a leap
//   second, `:60`, reads as the next second and is exempt).
// - `RetryAfter.parse`: digits only gives exactly that many seconds (or the largest wait when
//   too many to hold), never negative; a date gives a wait of at least zero; anything that is
//   neither gives nil.
// - Any whole second in that range, from the input's first 8 bytes, round-trips through
//   `format` and `parse`.
//
// The grammar is RFC 9110 §5.6.7 (https://www.rfc-editor.org/rfc/rfc9110#section-5.6.7) and
// §10.2.3 for Retry-After.

import Foundation
import HarborCore

// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
let earliest: Int64 = -62_135_596_800
let latest: Int64 = 253_402_300_799
let now = Date(timeIntervalSince1970: 1_800_000_000)

func roundTrip(_ date: Date, from input: String) {
    let seconds = date.timeIntervalSince1970
    require(seconds.rounded(.down) == seconds, "\(input.debugDescription) reads a fraction of a second: \(seconds)")
    require(seconds >= Double(earliest) && seconds <= Double(latest) + 1, "\(input.debugDescription) reads \(seconds), outside 0001–9999")
    guard seconds <= Double(latest) else { return }
    let text = HTTPDate.format(date)
    guard let back = HTTPDate.parse(text) else { fatalError("\(text.debugDescription) (from \(input.debugDescription)) does not parse") }
    require(back == date, "\(text) reads \(back.timeIntervalSince1970), expected \(seconds) (from \(input.debugDescription))")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let input = String(decoding: bytes, as: UTF8.self)
    if let date = HTTPDate.parse(input) {
        roundTrip(date, from: input)
        let again = HTTPDate.format(date)
        let isFixdate = bytes.count == 29 && bytes[3] == UInt8(ascii: ",") && !(bytes[23] == UInt8(ascii: "6") && bytes[24] == UInt8(ascii: "0"))
        if isFixdate, again.prefix(3) == input.prefix(3) {
            require(again == input, "IMF-fixdate \(input.debugDescription) is written back as \(again.debugDescription)")
        }
    }
    if let wait = RetryAfter.parse(input, now: now) {
        require(wait >= .zero, "Retry-After \(input.debugDescription) asks for a negative wait \(wait)")
        let trimmed = input.trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
        if !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            let expected = Int64(trimmed).map { Duration.seconds($0) } ?? .seconds(Int64.max)
            require(wait == expected, "Retry-After \(input.debugDescription) reads \(wait), expected \(expected)")
        } else {
            require(HTTPDate.parse(trimmed) != nil, "Retry-After \(input.debugDescription) is neither seconds nor a date but reads \(wait)")
        }
    }
    if size >= 8 {
        var raw: UInt64 = 0
        for byte in bytes[0..<8] { raw = raw << 8 | UInt64(byte) }
        let seconds = earliest + Int64(raw % UInt64(latest - earliest))
        roundTrip(Date(timeIntervalSince1970: TimeInterval(seconds)), from: "seconds \(seconds)")
    }
    return 0
}

/// `precondition` that keeps its message in an -O build (the fuzzers are built with -O).
func require(_ condition: Bool, _ message: @autoclosure () -> String = "", file: StaticString = #file, line: UInt = #line) {
    if !condition { fatalError(message(), file: file, line: line) }
}
