// libFuzzer harness for the image-reference grammar (HarborCore: ReferenceGrammar.swift,
// ImageReference.swift, Digest.swift), linked by Fuzz/run.sh against a sanitized HarborCore.
//
// Properties:
// - `ReferenceGrammar.parse` and `ImageReference.resolve` never crash on any input; their
//   errors render (`description`) without crashing.
// - Round trip: a reference that parses re-serialises (`name[:tag][@digest]`) to a string that
//   parses to the same value; an `ImageReference` that resolves prints (`description`) to a
//   fully qualified form that resolves to the same value with no defaults at all.
// - `Digest(parsing:)` agrees with the digest a reference carries.
//
// The grammar follows distribution/reference (github.com/distribution/reference, regexp.go and
// reference.go at commit 0965666a6ade2e06035fe352e38344be1e68951a); the seed corpus holds the
// inputs of its test tables (reference_test.go, regexp_test.go).

import HarborCore

func serialise(_ parsed: ParsedReference) -> String {
    var text = parsed.name
    if let tag = parsed.tag { text += ":\(tag)" }
    if let digest = parsed.digest { text += "@\(digest)" }
    return text
}

let defaultSets = [
    ReferenceDefaults(host: "harbor.example.com", project: "pkey"),
    ReferenceDefaults(host: "127.0.0.1:5000", project: nil),
    ReferenceDefaults(host: nil, project: nil),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)

    do {
        let parsed = try ReferenceGrammar.parse(input)
        let text = serialise(parsed)
        let again: ParsedReference
        do {
            again = try ReferenceGrammar.parse(text)
        } catch {
            fatalError("round trip: \(input.debugDescription) parsed, its serialisation \(text.debugDescription) does not: \(error)")
        }
        require(again == parsed, "round trip: \(input.debugDescription) -> \(text.debugDescription) parses to a different value: \(parsed) vs \(again)")
        if let digest = parsed.digest {
            let alone = try? Digest(parsing: digest.description)
            require(alone == digest, "Digest(parsing:) disagrees on \(digest) from \(input.debugDescription)")
        }
        _ = parsed.hasExplicitHost
    } catch {
        _ = error.description
        require(error.input == input, "the error names another input")
    }

    for defaults in defaultSets {
        for oci in [false, true] {
            do {
                let reference = try ImageReference.resolve(input, defaults: defaults, allowOCIScheme: oci)
                let text = reference.description
                let again: ImageReference
                do {
                    again = try ImageReference.resolve(text, defaults: ReferenceDefaults(host: nil, project: nil))
                } catch {
                    fatalError("round trip: \(input.debugDescription) resolved to \(text.debugDescription), which does not resolve on its own: \(error)")
                }
                require(again == reference, "round trip: \(input.debugDescription) -> \(text.debugDescription) resolves to a different value: \(reference) vs \(again)")
                _ = reference.manifestReference
                _ = reference.scope(["pull", "push"])
            } catch {
                _ = error.description
            }
        }
    }
    _ = ReferenceGrammar.isValidDomain(input)
    _ = ImageReference.projectNameIssue(input)
    return 0
}

/// `precondition` that keeps its message in an -O build (the fuzzers are built with -O).
func require(_ condition: Bool, _ message: @autoclosure () -> String = "", file: StaticString = #file, line: UInt = #line) {
    if !condition { fatalError(message(), file: file, line: line) }
}
