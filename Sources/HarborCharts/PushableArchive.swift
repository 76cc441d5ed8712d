import Foundation

/// A `.tgz` that `helm harbor push` accepts: a chart (`CHART/Chart.yaml`), read exactly as
/// before, or else a Helm plugin package (`plugin.yaml`, no Chart.yaml).
///
/// The chart reader goes first and decides alone for anything with a chart's layout, so chart
/// pushes do what `helm push` does. Only when it refuses the contents is the file read again as a
/// plugin: a plugin's binary is larger than Helm's per-file limit for charts, and its plugin.yaml
/// lies where no chart file may.
public enum PushableArchive: Sendable {
    case chart(ChartArchive)
    case plugin(PluginArchive)

    /// Why a file is neither: the chart reader's reason, or the plugin reader's once the file
    /// is a plugin.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case chart(ChartArchiveError)
        case plugin(PluginArchiveError)
        /// A readable archive with neither a Chart.yaml nor a plugin.yaml where they belong.
        case neitherChartNorPlugin

        public var description: String {
            switch self {
            case .chart(let error): error.description
            case .plugin(let error): error.description
            case .neitherChartNorPlugin:
                "is neither a Helm chart (no CHART/Chart.yaml inside) nor a Helm plugin (no plugin.yaml at its top or under one top directory); package a chart with 'helm package DIR', a plugin with 'helm plugin package DIR'"
            }
        }
    }

    public static func read(_ file: URL) throws(Failure) -> PushableArchive {
        let chartError: ChartArchiveError
        do {
            return .chart(try ChartArchive.read(file))
        } catch {
            chartError = error
        }
        switch chartError {
        case .missingFile, .isDirectory, .unreadable, .notGzip, .corruptGzip, .notTar, .truncated, .noFiles:
            // Not an intact archive: no plugin either.
            throw .chart(chartError)
        case .chartYAMLUnreadable, .invalidMetadata, .invalidRepositoryName:
            // It has a Chart.yaml: a chart with a problem.
            throw .chart(chartError)
        case .missingChartYAML, .chartYAMLNotInBaseDirectory, .illegalPath, .fileTooLarge, .chartTooLarge:
            break
        }
        let contents: PluginArchive.Contents
        do {
            contents = try PluginArchive.read(file)
        } catch {
            throw .plugin(error)
        }
        switch contents {
        case .plugin(let plugin): return .plugin(plugin)
        case .chart: throw .chart(chartError)
        case .neither: throw .neitherChartNorPlugin
        }
    }
}

extension PushableArchive {
    /// Bytes of the package and of its provenance, when there is one.
    public var size: Int64 {
        switch self {
        case .chart(let chart): chart.size + (chart.provenance?.size ?? 0)
        case .plugin(let plugin): plugin.size + (plugin.provenance?.size ?? 0)
        }
    }

    public var isPlugin: Bool { if case .plugin = self { true } else { false } }

    /// Where it goes in `project` on `host`.
    public func target(host: String, project: String) throws(Failure) -> ChartTarget {
        switch self {
        case .chart(let chart):
            do { return try ChartTarget(host: host, project: project, metadata: chart.metadata) } catch { throw .chart(error) }
        case .plugin(let plugin):
            do { return try ChartTarget(host: host, project: project, plugin: plugin.metadata) } catch { throw .plugin(error) }
        }
    }

    /// Pushes it as `helm push` lays out a chart, or as Helm 4's plugin artifact.
    public func push(
        as target: ChartTarget, with uploader: RegistryUploader, mounts: MountSourceFinder?, progress: (@Sendable (Int64) -> Void)?
    ) async throws -> ChartPusher.Result {
        switch self {
        case .chart(let chart): try await ChartPusher.push(chart, as: target, with: uploader, mounts: mounts, progress: progress)
        case .plugin(let plugin): try await PluginPusher.push(plugin, as: target, with: uploader, mounts: mounts, progress: progress)
        }
    }
}
