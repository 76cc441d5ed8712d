// libFuzzer harness for the WWW-Authenticate tokenizer (HarborRegistry:
// Transport/AuthenticationChallenge.swift, which imports nothing, so Fuzz/run.sh compiles it
// alone with this file as one module).
//
// Properties:
// - `AuthenticationChallenge.parse` never crashes; a rejection names an offset inside the header.
// - What parses has a non-empty lower-case token scheme and lower-case parameter names.
// - Round trip: the challenges written back (`Scheme name="value", …` with `"` and `\` escaped,
//   or `Scheme token68`) parse to the same challenges.
//
// The grammar is RFC 9110 §11.6.1 and §11.2 (https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1);
// the seeds are challenges as distribution's token auth (docs/spec/auth/token.md) and Harbor send them.

func write(_ challenges: [AuthenticationChallenge]) -> String {
    challenges.map { challenge in
        if let token68 = challenge.token68 { return "\(challenge.scheme) \(token68)" }
        let parameters = challenge.parameters.keys.sorted().map { name in
            let value = challenge.parameters[name]!
            var quoted = ""
            for character in value.unicodeScalars {
                if character == "\"" || character == "\\" { quoted += "\\" }
                quoted.unicodeScalars.append(character)
            }
            return "\(name)=\"\(quoted)\""
        }
        return parameters.isEmpty ? challenge.scheme : "\(challenge.scheme) \(parameters.joined(separator: ", "))"
    }.joined(separator: ", ")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let header = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let challenges: [AuthenticationChallenge]
    do {
        challenges = try AuthenticationChallenge.parse(header)
    } catch {
        require(error.offset >= 0 && error.offset <= header.utf8.count, "offset \(error.offset) outside \(header.debugDescription)")
        _ = error.description
        return 0
    }
    for challenge in challenges {
        require(!challenge.scheme.isEmpty && challenge.scheme.utf8.allSatisfy(ChallengeParser.isTokenCharacter), "scheme \(challenge.scheme.debugDescription) from \(header.debugDescription)")
        require(challenge.scheme == challenge.scheme.lowercased())
        for name in challenge.parameters.keys {
            require(!name.isEmpty && name == name.lowercased(), "parameter \(name.debugDescription) from \(header.debugDescription)")
            require(challenge[name.uppercased()] == challenge.parameters[name])
        }
        require(challenge.token68 == nil || challenge.parameters.isEmpty, "token68 and parameters from \(header.debugDescription)")
    }
    let text = write(challenges)
    let again: [AuthenticationChallenge]
    do {
        again = try AuthenticationChallenge.parse(text)
    } catch {
        fatalError("round trip: \(header.debugDescription) parsed, its rewrite \(text.debugDescription) does not: \(error)")
    }
    require(again == challenges, "round trip: \(header.debugDescription) -> \(text.debugDescription) reads \(again), not \(challenges)")
    return 0
}

/// `precondition` that keeps its message in an -O build (the fuzzers are built with -O).
func require(_ condition: Bool, _ message: @autoclosure () -> String = "", file: StaticString = #file, line: UInt = #line) {
    if !condition { fatalError(message(), file: file, line: line) }
}
