import Foundation
import Testing

import HarborCredentials

/// The lossless editor under DockerConfigFile. Docker itself drops unknown keys and reformats
/// the file on every save (docker/cli v28.2.2, cli/config/configfile/file.go `Save`); we change only
/// the edited entry.
@Suite struct JSONDocumentTests {
    func edit(_ text: String, _ change: (inout JSONDocument) throws -> Void) throws -> String {
        var document = try JSONDocument(bytes: Array(text.utf8), path: "/t/config.json")
        try change(&document)
        return String(decoding: document.bytes, as: UTF8.self)
    }

    @Test func insertingIntoATabIndentedFileKeepsEverythingElse() throws {
        let original = """
            {
            \t"auths": {
            \t\t"other.example.com": {
            \t\t\t"auth": "b3RoZXI6eA=="
            \t\t}
            \t},
            \t"unknownTopLevel": [1, 2.50, 1e3, -0.0, [[], {}], "\\u003cescaped\\u003e \\/ \\ud83d\\ude00"],
            \t"currentContext": "default"
            }
            """
        let result = try edit(original) { try $0.set(.object([JSONNewMember("auth", .string("bmV3OnM="))]), at: ["auths", "harbor.example.com"]) }
        #expect(
            result == """
                {
                \t"auths": {
                \t\t"other.example.com": {
                \t\t\t"auth": "b3RoZXI6eA=="
                \t\t},
                \t\t"harbor.example.com": {
                \t\t\t"auth": "bmV3OnM="
                \t\t}
                \t},
                \t"unknownTopLevel": [1, 2.50, 1e3, -0.0, [[], {}], "\\u003cescaped\\u003e \\/ \\ud83d\\ude00"],
                \t"currentContext": "default"
                }
                """)
    }

    @Test func twoSpaceIndentationIsFollowed() throws {
        let original = "{\n  \"credsStore\": \"pass\",\n  \"auths\": {}\n}\n"
        let result = try edit(original) { try $0.set(.object([JSONNewMember("auth", .string("x"))]), at: ["auths", "h"]) }
        #expect(result == "{\n  \"credsStore\": \"pass\",\n  \"auths\": {\n    \"h\": {\n      \"auth\": \"x\"\n    }\n  }\n}\n")
    }

    @Test func windowsLineEndingsAreFollowed() throws {
        let original = "{\r\n  \"auths\": {\r\n    \"a\": {}\r\n  }\r\n}\r\n"
        let result = try edit(original) { try $0.set(.object([JSONNewMember("auth", .string("x"))]), at: ["auths", "b"]) }
        #expect(result == "{\r\n  \"auths\": {\r\n    \"a\": {},\r\n    \"b\": {\r\n      \"auth\": \"x\"\r\n    }\r\n  }\r\n}\r\n")
    }

    @Test func compactFilesStayCompact() throws {
        let original = #"{"auths":{"a":{"auth":"eA=="}},"x":1e3}"#
        let result = try edit(original) { try $0.set(.object([JSONNewMember("auth", .string("y"))]), at: ["auths", "b"]) }
        #expect(result == #"{"auths":{"a":{"auth":"eA=="},"b":{"auth":"y"}},"x":1e3}"#)
        let added = try edit(original) { try $0.set(.string("pass"), at: ["credsStore"]) }
        #expect(added == #"{"auths":{"a":{"auth":"eA=="}},"x":1e3,"credsStore":"pass"}"#)
    }

    @Test func aNewFileLooksLikeDockersOutput() throws {
        let result = try edit("") { try $0.set(.object([JSONNewMember("auth", .string("eA=="))]), at: ["auths", "h:5000"]) }
        // json.MarshalIndent with a tab, no final newline (verified against docker 28.2.2 in DockerInteropTests).
        #expect(result == "{\n\t\"auths\": {\n\t\t\"h:5000\": {\n\t\t\t\"auth\": \"eA==\"\n\t\t}\n\t}\n}")
    }

    @Test func emptyTopLevelObjectGetsDockerStyle() throws {
        let result = try edit("{}") { try $0.set(.object([]), at: ["auths", "h"]) }
        #expect(result == "{\n\t\"auths\": {\n\t\t\"h\": {}\n\t}\n}")
    }

    @Test(arguments: [
        // (original, key removed, expected)
        ("{\n\t\"auths\": {\n\t\t\"a\": {},\n\t\t\"b\": {},\n\t\t\"c\": {}\n\t}\n}", "a", "{\n\t\"auths\": {\n\t\t\"b\": {},\n\t\t\"c\": {}\n\t}\n}"),
        ("{\n\t\"auths\": {\n\t\t\"a\": {},\n\t\t\"b\": {},\n\t\t\"c\": {}\n\t}\n}", "b", "{\n\t\"auths\": {\n\t\t\"a\": {},\n\t\t\"c\": {}\n\t}\n}"),
        ("{\n\t\"auths\": {\n\t\t\"a\": {},\n\t\t\"b\": {},\n\t\t\"c\": {}\n\t}\n}", "c", "{\n\t\"auths\": {\n\t\t\"a\": {},\n\t\t\"b\": {}\n\t}\n}"),
        ("{\n\t\"auths\": {\n\t\t\"a\": {\"auth\": \"x\"}\n\t}\n}", "a", "{\n\t\"auths\": {}\n}"),
        (#"{"auths":{"a":1,"b":2}}"#, "a", #"{"auths":{"b":2}}"#),
        (#"{"auths":{"a":1,"b":2}}"#, "missing", #"{"auths":{"a":1,"b":2}}"#),
    ])
    func removingAMemberLeavesTheRest(original: String, key: String, expected: String) throws {
        #expect(try edit(original) { $0.remove(at: ["auths", key]) } == expected)
    }

    @Test func duplicateKeysReadTheLastAndRemoveAll() throws {
        // Go's encoding/json keeps the last duplicate; so do reads, and `set` edits that one.
        let original = #"{"auths":{"h":{"auth":"old"},"h":{"auth":"new"}}}"#
        let document = try JSONDocument(bytes: Array(original.utf8), path: "/t")
        #expect(document.node(at: ["auths", "h", "auth"])?.stringValue == "new")
        #expect(try edit(original) { try $0.set(.string("z"), at: ["auths", "h", "auth"]) } == #"{"auths":{"h":{"auth":"old"},"h":{"auth":"z"}}}"#)
        #expect(try edit(original) { $0.remove(at: ["auths", "h"]) } == #"{"auths":{}}"#)
    }

    @Test func stringsRoundTripAndDecode() throws {
        let original = #"{"k":"\u003ctoken\u003e \"q\" \\ \n \ud83d\ude00 é"}"#
        let document = try JSONDocument(bytes: Array(original.utf8), path: "/t")
        #expect(document.node(at: ["k"])?.stringValue == "<token> \"q\" \\ \n 😀 é")
        #expect(String(decoding: JSONDocument.quote("<a&b>\"\\\n\u{1}é"), as: UTF8.self) == #""\u003ca\u0026b\u003e\"\\\n\u0001é""#)
    }

    @Test func nullOnTheWayBecomesAnObject() throws {
        #expect(try edit(#"{"auths": null}"#) { try $0.set(.object([]), at: ["auths", "h"]) } == #"{"auths": {"h":{}}}"#)
    }

    @Test func aStringWhereAnObjectBelongsIsAnError() throws {
        #expect(throws: JSONEditError.self) {
            _ = try edit(#"{"auths": "oops"}"#) { try $0.set(.object([]), at: ["auths", "h"]) }
        }
    }

    @Test(arguments: [
        ("{\n\t\"auths\": {\n\t\t\"a\": {}\n\t\t\"b\": {}\n}", 4, 3, "expected ',' or '}' after an object member, found '\"'"),
        ("{\"a\": [1, 2,]}", 1, 13, "expected a value, found ']'"),
        ("{\"a\": 01}", 1, 8, "expected ',' or '}' after an object member, found '1'"),
        ("{\"a\": \"x\n\"}", 1, 9, "control characters must be escaped"),
        ("{\"a\": tru}", 1, 10, "expected 'true', found '}'"),
        ("{\"a\": 1} x", 1, 10, "expected the end of the file after the top-level value, found 'x'"),
        ("{\"a\": 1", 1, 8, "expected ',' or '}' after an object member, found the end of the file"),
        ("\u{FEFF}{}", 1, 1, "found a byte-order mark"),
        ("{\"é\": \"\\x\"}", 1, 9, "expected one of"),
    ])
    func syntaxErrorsSayWhere(text: String, line: Int, column: Int, problem: String) {
        do {
            _ = try JSONDocument(bytes: Array(text.utf8), path: "/home/u/.docker/config.json")
            Issue.record("parsed invalid JSON: \(text)")
        } catch {
            #expect(error.line == line)
            #expect(error.column == column)
            #expect(error.problem.contains(problem), "\(error.problem)")
            #expect(error.description.hasPrefix("/home/u/.docker/config.json:\(line):\(column): not valid JSON: "))
        }
    }
}
