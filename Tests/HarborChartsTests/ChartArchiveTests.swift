import Foundation
import HarborTestSupport
import Testing

import HarborCharts

@Suite("Chart archives: Helm's rules and limits")
struct ChartArchiveTests {
    static let chartYAML = "apiVersion: v2\nname: demo\nversion: 1.2.3\ndescription: A demo\n"

    static func write(_ bytes: [UInt8], in scratch: Scratch, name: String = "demo-1.2.3.tgz") throws -> URL {
        let file = scratch.path(name)
        try Data(bytes).write(to: file)
        return file
    }

    static func archive(_ build: (inout TarBuilder) -> Void) async throws -> [UInt8] {
        var tar = TarBuilder()
        build(&tar)
        tar.end()
        return try await tar.gzipped()
    }

    struct BadCase: Sendable, CustomTestStringConvertible {
        let label: String
        let expected: ChartArchiveError
        let make: @Sendable (Scratch) async throws -> URL
        var testDescription: String { label }
    }

    static let badCases: [BadCase] = [
        BadCase(label: "missing file", expected: .missingFile) { $0.path("absent.tgz") },
        BadCase(label: "a directory", expected: .isDirectory) { scratch in
            let directory = scratch.path("chart")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return directory
        },
        BadCase(label: "empty file", expected: .notGzip) { try write([], in: $0) },
        BadCase(label: "not gzip (a YAML file)", expected: .notGzip) { try write(Array(chartYAML.utf8), in: $0) },
        BadCase(label: "gzip of something that is not tar", expected: .notTar) { scratch in
            var tar = TarBuilder()
            tar.file("x", "y")
            var bytes = tar.bytes
            bytes[148] = UInt8(ascii: "7")  // break the header checksum
            let file = scratch.path("raw.tar")
            try Data(bytes).write(to: file)
            let gzip = try await ProcessRunner.run("/bin/gzip", ["-n", file.path])
            guard gzip.status == 0 else { throw TestSupportError("gzip failed: \(gzip)") }
            return scratch.path("raw.tar.gz")
        },
        BadCase(label: "truncated gzip", expected: .truncated) { scratch in
            let bytes = try await archive { $0.file("demo/Chart.yaml", chartYAML); $0.zeros("demo/big", size: 200_000) }
            return try write(Array(bytes.prefix(bytes.count / 2)), in: scratch)
        },
        BadCase(label: "no Chart.yaml", expected: .missingChartYAML) { try await write(try archive { $0.file("demo/values.yaml", "a: 1\n") }, in: $0) },
        BadCase(label: "Chart.yaml at the archive root", expected: .chartYAMLNotInBaseDirectory) { try await write(try archive { $0.file("Chart.yaml", chartYAML) }, in: $0) },
        BadCase(label: "no files", expected: .noFiles) { try await write(try archive { $0.directory("demo/") }, in: $0) },
        BadCase(label: "parent directory", expected: .illegalPath("demo/../../etc/passwd refers to a parent directory")) {
            try await write(try archive { $0.file("demo/Chart.yaml", chartYAML); $0.file("demo/../../etc/passwd", "x") }, in: $0)
        },
        BadCase(label: "invalid version", expected: .invalidMetadata("version \"1.2.x\" is invalid: it must be a semantic version such as 1.2.3, 1.2.3-rc.1 or 1.2.3+build.5")) {
            try await write(try archive { $0.file("demo/Chart.yaml", "apiVersion: v2\nname: demo\nversion: 1.2.x\n") }, in: $0)
        },
        BadCase(label: "missing version", expected: .invalidMetadata("version is required")) {
            try await write(try archive { $0.file("demo/Chart.yaml", "apiVersion: v2\nname: demo\n") }, in: $0)
        },
        BadCase(label: "missing name", expected: .invalidMetadata("name is required")) {
            try await write(try archive { $0.file("demo/Chart.yaml", "apiVersion: v2\nversion: 1.0.0\n") }, in: $0)
        },
        BadCase(label: "name with a slash", expected: .invalidMetadata("name \"a/b\" is invalid: it must not contain '/'")) {
            try await write(try archive { $0.file("demo/Chart.yaml", "apiVersion: v2\nname: a/b\nversion: 1.0.0\n") }, in: $0)
        },
        BadCase(label: "bad type", expected: .invalidMetadata("type must be application or library")) {
            try await write(try archive { $0.file("demo/Chart.yaml", "apiVersion: v2\nname: demo\nversion: 1.0.0\ntype: service\n") }, in: $0)
        },
        BadCase(label: "Chart.yaml not a mapping", expected: .chartYAMLUnreadable("the document is not a mapping of keys to values")) {
            try await write(try archive { $0.file("demo/Chart.yaml", "- a\n- b\n") }, in: $0)
        },
        BadCase(label: "a file over 5 MiB", expected: .fileTooLarge(name: "demo/big.bin", limit: 5 * 1_048_576)) {
            try await write(try archive { $0.file("demo/Chart.yaml", chartYAML); $0.zeros("demo/big.bin", size: 5 * 1_048_576 + 1) }, in: $0)
        },
        BadCase(label: "over 100 MiB in all", expected: .chartTooLarge(limit: 100 * 1_048_576)) { scratch in
            try await write(try archive { tar in
                tar.file("demo/Chart.yaml", chartYAML)
                for index in 0..<21 { tar.zeros("demo/files/\(index).bin", size: 5 * 1_048_576) }
            }, in: scratch)
        },
    ]

    @Test("bad input is refused with a precise reason", arguments: badCases)
    func badInput(_ testCase: BadCase) async throws {
        let scratch = try Scratch()
        let file = try await testCase.make(scratch)
        #expect(throws: testCase.expected) { try ChartArchive.read(file) }
    }

    @Test("PAX and GNU long names, a UTF-8 BOM and a global header are read as Go's tar reader reads them")
    func oddButValidArchives() async throws {
        let scratch = try Scratch()
        let long = "demo/templates/" + String(repeating: "very-long-directory-name/", count: 6) + "file.yaml"
        let bytes = try await Self.archive { tar in
            tar.globalHeader()
            tar.paxFile(long, "a: 1\n")
            tar.gnuLongNameFile(long + ".gnu", "b: 2\n")
            tar.file("demo/Chart.yaml", [0xEF, 0xBB, 0xBF] + Array("apiVersion: v2\nname: odd\nversion: v1.0+build.7\n".utf8))
        }
        let archive = try ChartArchive.read(try Self.write(bytes, in: scratch))
        #expect(archive.metadata.name == "odd")
        #expect(archive.metadata.version == "v1.0+build.7")
        #expect(archive.size == Int64(bytes.count))
    }

    @Test("a long name whose PAX record puts Chart.yaml in the chart directory")
    func paxChartYAML() async throws {
        let scratch = try Scratch()
        let bytes = try await Self.archive { tar in tar.paxFile("demo/Chart.yaml", Self.chartYAML) }
        #expect(try ChartArchive.read(try Self.write(bytes, in: scratch)).metadata.name == "demo")
    }

    @Test("versions Masterminds/semver accepts and refuses", arguments: [
        ("1.2.3", true), ("v1.2.3", true), ("1.2", true), ("1", true), ("1.2.3-rc.1+build.5", true), ("0.1.0-alpha-1", true),
        ("1.2.3-01", false), ("1.2.3.4", false), ("1.2.x", false), ("", false), ("1..2", false), ("1.2.3+", false), ("1.2.3-", false),
    ])
    func semver(_ version: String, _ valid: Bool) {
        #expect(SemanticVersion.isValid(version) == valid)
    }

    @Test("chart names that cannot be OCI repository names", arguments: [
        ("Demo", true), ("demo_app", false), ("demo--app", false), ("demo.app", false), ("demo..app", true), ("-demo", true), ("démo", true),
    ])
    func repositoryNames(_ name: String, _ refused: Bool) {
        #expect((ChartTarget.repositoryComponentIssue(name) != nil) == refused)
    }

    @Test("sanitizing: white space becomes a space, unprintable characters go")
    func sanitize() {
        #expect(ChartMetadata.sanitize("a\tb\nc\u{7}d\u{200B}e") == "a b cde")
    }

    @Test("Go's JSON escaping")
    func goJSON() {
        var json = GoJSONWriter()
        json.beginObject()
        json.field("k", "<a&b> \"q\" \\ \u{2028} \u{1} é")
        json.endObject()
        #expect(String(decoding: json.bytes, as: UTF8.self) == #"{"k":"\u003ca\u0026b\u003e \"q\" \\ \u2028 \u0001 é"}"#)
    }

    @Test("RFC 3339 in the local zone, as Go's time.Format(time.RFC3339)")
    func created() {
        let date = Date(timeIntervalSince1970: 1_764_593_123.9)
        #expect(ChartManifest.rfc3339(date, utcOffset: { _ in 0 }) == "2025-12-01T12:45:23Z")
        #expect(ChartManifest.rfc3339(date, utcOffset: { _ in 3600 }) == "2025-12-01T13:45:23+01:00")
        #expect(ChartManifest.rfc3339(date, utcOffset: { _ in -16200 }) == "2025-12-01T08:15:23-04:30")
        #expect(ChartManifest.rfc3339(Date(timeIntervalSince1970: 1_709_251_199), utcOffset: { _ in 0 }) == "2024-02-29T23:59:59Z")
        #expect(ChartManifest.rfc3339(Date(timeIntervalSince1970: 1_709_251_199), utcOffset: { _ in 3600 }) == "2024-03-01T00:59:59+01:00")
        #expect(ChartManifest.rfc3339(Date(timeIntervalSince1970: -1), utcOffset: { _ in 0 }) == "1969-12-31T23:59:59Z")
    }
}
