/// Why a file cannot be pushed as a chart. Each message says what is wrong and what to do; the
/// command adds the file name.
public enum ChartArchiveError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingFile
    case isDirectory
    case unreadable(String)
    case notGzip
    case corruptGzip(String)
    case notTar
    case truncated
    case noFiles
    case missingChartYAML
    case chartYAMLNotInBaseDirectory
    case illegalPath(String)
    case fileTooLarge(name: String, limit: Int64)
    case chartTooLarge(limit: Int64)
    case chartYAMLUnreadable(String)
    case invalidMetadata(String)
    case invalidRepositoryName(String)

    public var description: String {
        switch self {
        case .missingFile:
            "does not exist"
        case .isDirectory:
            "is a directory: push needs a packaged chart; run 'helm package DIRECTORY' first and push the .tgz it writes"
        case .unreadable(let reason):
            "cannot be read: \(reason)"
        case .notGzip:
            "is not a gzip-compressed chart archive (.tgz); package the chart with 'helm package'"
        case .corruptGzip(let reason):
            "is a damaged gzip file (\(reason)); package the chart again with 'helm package'"
        case .notTar:
            "does not contain a tar archive; package the chart with 'helm package'"
        case .truncated:
            "ends in the middle of the archive (truncated download or copy?); package or download it again"
        case .noFiles:
            "contains no files"
        case .missingChartYAML:
            "has no Chart.yaml in the chart's directory (expected CHART/Chart.yaml inside the archive)"
        case .chartYAMLNotInBaseDirectory:
            "has Chart.yaml at the top of the archive; Helm requires every file inside one directory (CHART/Chart.yaml): package it with 'helm package'"
        case .illegalPath(let reason):
            "contains an illegal path: \(reason)"
        case .fileTooLarge(let name, let limit):
            "contains \(name), larger than Helm's limit of \(limit) bytes (\(limit / 1_048_576) MiB) per file once decompressed"
        case .chartTooLarge(let limit):
            "is larger than Helm's limit of \(limit) bytes (\(limit / 1_048_576) MiB) once decompressed"
        case .chartYAMLUnreadable(let reason):
            "has a Chart.yaml that cannot be read: \(reason)"
        case .invalidMetadata(let reason):
            "has an invalid Chart.yaml: \(reason)"
        case .invalidRepositoryName(let reason):
            "cannot be pushed: \(reason)"
        }
    }
}
