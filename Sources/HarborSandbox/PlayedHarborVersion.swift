/// The Harbor 2.x the sandbox plays: `--harbor-version 2.15`, or a fixture's `harborVersion`
/// (`v2.15.0-sandbox`, as systeminfo reports it).
package enum PlayedHarborVersion {
    /// The minor version of `2.MINOR`, `v2.MINOR.PATCH` or `v2.MINOR.PATCH-…`; nil for anything else.
    package static func minor(of version: String) -> Int? {
        let plain = version.drop { $0 == "v" }.split(separator: "-", maxSplits: 1).first ?? ""
        let parts = plain.split(separator: ".", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), parts[0] == "2", let minor = Int(parts[1]), minor >= 0,
            parts.count == 2 || Int(parts[2]) != nil
        else { return nil }
        return minor
    }

    /// What systeminfo's `harbor_version` says: `2.15` → `v2.15.0-sandbox`.
    package static func name(_ version: String) -> String {
        let plain = version.drop { $0 == "v" }
        let full = plain.split(separator: "-", maxSplits: 1).first?.split(separator: ".").count == 2 ? plain + ".0" : plain
        return "v" + full + (plain.contains("-") ? "" : "-sandbox")
    }
}
