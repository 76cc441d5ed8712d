// libFuzzer harness for the lossless JSON editor of docker's config.json (HarborCredentials:
// JSONParser.swift, JSONDocument.swift, JSONNode.swift, DockerConfigContents.swift). Fuzz/run.sh
// compiles those sources with this file as one module, linked against a sanitized HarborCore.
//
// Properties, for any input:
// - Parsing never crashes; neither does reading it as a config.json (`DockerConfigContents`,
//   `fileCredential`), whatever its shape.
// - Edits as the commands make them (set `auths.HOST` to a credential, set `credHelpers.HOST`,
//   remove `auths.HOST`) never crash on a document whose shape allows them, and:
//   - the result parses again and reads back the value just set (or no longer holds the key);
//   - only the bytes inside the edited place change: the edit region lies inside the value that
//     was replaced, or inside the object a member was added to or removed from;
//   - every other top-level member (unknown keys included) keeps its bytes exactly;
//   - adding a member to a non-empty object and removing it again restores the original bytes.
//
// The editing rules follow what docker writes (docker/cli cli/config/configfile/file.go, v29.7:
// json.MarshalIndent with a tab) and Go's encoding/json reading (last duplicate key wins).

import HarborCore

struct Finding: Error, CustomStringConvertible {
    let description: String
}

func check(_ condition: Bool, _ message: @autoclosure () -> String, _ original: [UInt8]) {
    if !condition {
        fatalError("\(message())\n  input: \(String(decoding: original, as: UTF8.self).debugDescription)")
    }
}

/// The bytes of each top-level member except `excluded`, by key (the last occurrence wins).
func memberBytes(_ document: JSONDocument, excluding excluded: String) -> [String: ArraySlice<UInt8>] {
    var result: [String: ArraySlice<UInt8>] = [:]
    for member in document.root?.members ?? [] where member.key != excluded {
        result[member.key] = document.bytes[member.keyRange.lowerBound..<member.value.range.upperBound]
    }
    return result
}

/// The range of `old` that differs from `new`, after the longest common prefix and suffix.
func changedRange(_ old: [UInt8], _ new: [UInt8]) -> Range<Int> {
    var prefix = 0
    while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
    var suffix = 0
    while suffix < old.count - prefix, suffix < new.count - prefix, old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
    return prefix..<(old.count - suffix)
}

/// The deepest existing node on `keyPath` (the root for an empty path).
func deepestNode(_ document: JSONDocument, _ keyPath: [String]) -> (node: JSONNode, depth: Int)? {
    guard var node = document.root else { return nil }
    var depth = 0
    for key in keyPath {
        guard let next = node[key], !next.isNull else { break }
        node = next
        depth += 1
    }
    return (node, depth)
}

func contains(_ outer: Range<Int>, _ inner: Range<Int>) -> Bool {
    inner.isEmpty ? (outer.lowerBound <= inner.lowerBound && inner.lowerBound <= outer.upperBound)
        : (outer.lowerBound <= inner.lowerBound && inner.upperBound <= outer.upperBound)
}

func exerciseSet(_ document: JSONDocument, _ value: JSONNewValue, at keyPath: [String], input: [UInt8]) {
    var edited = document
    do {
        try edited.set(value, at: keyPath)
    } catch {
        _ = error.description
        return
    }
    let reparsed: JSONDocument
    do {
        reparsed = try JSONDocument(bytes: edited.bytes, path: "edited")
    } catch {
        check(false, "set \(keyPath) produced text that does not parse: \(error)", input)
        return
    }
    // Read back: strings compare by value, objects by their members' keys.
    let node = reparsed.node(at: keyPath)
    switch value {
    case .string(let text): check(node?.stringValue == text, "set \(keyPath) does not read back \(text.debugDescription)", input)
    case .object(let members): check(node?.members?.map(\.key) == members.map(\.key), "set \(keyPath) does not read back the object", input)
    }
    guard document.root != nil else { return }
    let other = memberBytes(document, excluding: keyPath[0])
    let after = memberBytes(reparsed, excluding: keyPath[0])
    for (key, bytes) in other {
        check(after[key] == bytes, "set \(keyPath) changed the bytes of the top-level member \(key.debugDescription)", input)
    }
    guard edited.bytes != document.bytes else { return }
    let changed = changedRange(document.bytes, edited.bytes)
    if let (place, depth) = deepestNode(document, keyPath) {
        check(contains(place.range, changed), "set \(keyPath) changed bytes \(changed) outside \(place.range) (depth \(depth))", input)
        // A new member in a non-empty object comes out again without a trace.
        if depth < keyPath.count, let members = place.members, !members.isEmpty, document.node(at: Array(keyPath[...depth])) == nil {
            var undone = edited
            undone.remove(at: Array(keyPath[...depth]))
            check(undone.bytes == document.bytes, "set then remove \(Array(keyPath[...depth])) did not restore the original bytes", input)
        }
    }
}

func exerciseRemove(_ document: JSONDocument, at keyPath: [String], input: [UInt8]) {
    var edited = document
    let removed = edited.remove(at: keyPath)
    let reparsed: JSONDocument
    do {
        reparsed = try JSONDocument(bytes: edited.bytes, path: "edited")
    } catch {
        check(false, "remove \(keyPath) produced text that does not parse: \(error)", input)
        return
    }
    check(reparsed.node(at: keyPath) == nil, "remove \(keyPath) left the key in place", input)
    if !removed {
        check(edited.bytes == document.bytes, "remove \(keyPath) removed nothing but changed the text", input)
        return
    }
    let other = memberBytes(document, excluding: keyPath[0])
    let after = memberBytes(reparsed, excluding: keyPath[0])
    for (key, bytes) in other {
        check(after[key] == bytes, "remove \(keyPath) changed the bytes of the top-level member \(key.debugDescription)", input)
    }
    if let parent = document.node(at: Array(keyPath.dropLast())) {
        let changed = changedRange(document.bytes, edited.bytes)
        check(contains(parent.range, changed), "remove \(keyPath) changed bytes \(changed) outside its object \(parent.range)", input)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let document: JSONDocument
    do {
        document = try JSONDocument(bytes: input, path: "config.json")
    } catch {
        _ = error.description
        return 0
    }

    var hosts = ["harbor.example.com", "we\"ird\\key\u{1}\u{7F}ü/\u{2028}"]
    if let contents = try? DockerConfigContents(document: document) {
        _ = contents.containsAuth
        hosts += contents.authKeys.prefix(2)
        for host in hosts + contents.authKeys.prefix(2).map(RegistryHostKey.hostname) {
            _ = try? contents.fileCredential(for: host)
            _ = contents.authKeys(matching: host)
        }
    } else if let error = Result(catching: { () throws(CredentialFileError) in try DockerConfigContents(document: document) }).failure {
        _ = String(describing: error)
    }

    let credential = JSONNewValue.object([JSONNewMember("auth", .string("dXNlcjpzM2NyM3Q="))])
    for host in hosts {
        exerciseSet(document, credential, at: ["auths", host], input: input)
        exerciseSet(document, .object([]), at: ["auths", host], input: input)
        exerciseSet(document, .string("harbor"), at: ["credHelpers", host], input: input)
        exerciseRemove(document, at: ["auths", host], input: input)
    }
    exerciseSet(document, .string("true"), at: ["features", "hooks"], input: input)
    exerciseRemove(document, at: ["plugins", "harbor", "hooks"], input: input)
    return 0
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
