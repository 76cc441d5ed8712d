import Foundation
import HarborAPI
import Testing

/// Inputs the Harbor JSON fuzzer (Fuzz/Targets/HarborJSONFuzz.swift) found.
@Suite struct HarborJSONFuzzFindingTests {
    /// A tag pushed at `…05.6678Z` was written back by `--format json` as `…05.668Z`, which read
    /// as another date: the listing's JSON did not say what Harbor said.
    @Test func subMillisecondTimesReadAsTheMillisecondTheyAreWrittenAs() throws {
        let body = #"[{"digest":"sha256:aa","tags":[{"name":"1.0","push_time":"2023-01-02T03:04:05.6678Z"}]}]"#
        let artifacts = try JSONDecoder().decode([HarborArtifact].self, from: Data(body.utf8))
        let written = try JSONEncoder().encode(artifacts)
        #expect(String(decoding: written, as: UTF8.self).contains(#""push_time":"2023-01-02T03:04:05.668Z""#))
        let again = try JSONDecoder().decode([HarborArtifact].self, from: written)
        #expect(again == artifacts)
        #expect(HarborTime.parse("2023-01-02T03:04:05.6678Z") == HarborTime.parse("2023-01-02T03:04:05.668Z"))
    }

    /// A scan overview whose counts came with a status other than `Success` lost them when a
    /// listing wrote it as JSON.
    @Test func aScanSummaryIsWrittenBackWhateverTheStatus() throws {
        let body = #"[{"digest":"sha256:aa","tags":null,"scan_overview":{"application/vnd.security.vulnerability.report; version=1.1":{"scan_status":"Error","severity":"High","summary":{"total":8,"summary":{"Critical":3,"High":5}}}}}]"#
        let artifacts = try JSONDecoder().decode([HarborArtifact].self, from: Data(body.utf8))
        #expect(artifacts.first?.scan?.counts == ["Critical": 3, "High": 5])
        let again = try JSONDecoder().decode([HarborArtifact].self, from: try JSONEncoder().encode(artifacts))
        #expect(again == artifacts)
    }
}
