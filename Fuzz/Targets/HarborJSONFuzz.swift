// libFuzzer harness for Harbor's JSON answers (HarborAPI's models: HarborProject.swift,
// HarborRepository.swift, HarborArtifact.swift, HarborSystemInfo.swift, HarborTime.swift, and
// HarborErrorMessage.swift for error bodies), decoded with Foundation's JSONDecoder as
// HarborAPIClient does; linked by Fuzz/run.sh against a sanitized HarborCore.
//
// The first byte picks the answer the rest is read as: a page of /api/v2.0/projects, of
// …/repositories, of …/artifacts (with tags), /api/v2.0/systeminfo, or an error body.
//
// Properties:
// - Decoding never crashes, on any bytes; neither does the error-message extraction.
// - What decodes, encoded again (the listings' `--format json` path) and decoded, is the same
//   value: no field is lost or changed on the way through our models.
// - An error message is never longer than 200 characters plus the ellipsis unless it came from
//   Harbor's own `errors` array,.

import Foundation
import HarborCore

func roundTrip<T: Codable & Equatable>(_ type: [T].Type, _ bytes: [UInt8]) {
    guard let decoded = try? JSONDecoder().decode(type, from: Data(bytes)) else { return }
    guard let encoded = try? JSONEncoder().encode(decoded) else { fatalError("\(T.self) decoded but does not encode: \(decoded)") }
    guard let again = try? JSONDecoder().decode(type, from: encoded) else {
        fatalError("\(T.self) written as \(String(decoding: encoded, as: UTF8.self)) does not decode again")
    }
    require(again == decoded, "\(T.self) changes on the way through: \(decoded) became \(again)")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let rest = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    switch data[0] % 5 {
    case 0: roundTrip([HarborProject].self, rest)
    case 1: roundTrip([HarborRepository].self, rest)
    case 2: roundTrip([HarborArtifact].self, rest)
    case 3: _ = try? JSONDecoder().decode(HarborSystemInfo.self, from: Data(rest))
    default:
        let message = HarborErrorMessage.extract(from: rest)
        let fromHarbor = (try? JSONDecoder().decode(HarborErrorBody.self, from: Data(rest)))?.errors.first != nil
        require(fromHarbor || message.count <= 201, "an excerpt of \(message.count) characters")
        _ = message
    }
    return 0
}

/// `precondition` that keeps its message in an -O build (the fuzzers are built with -O).
func require(_ condition: Bool, _ message: @autoclosure () -> String = "", file: StaticString = #file, line: UInt = #line) {
    if !condition { fatalError(message(), file: file, line: line) }
}
