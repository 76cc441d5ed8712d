import ArgumentParser
import HarborAPI
import Foundation
import HarborCharts
import HarborCore
import HarborCredentials
import HarborRegistry

/// `helm harbor push CHART.tgz… [PKEY | HOST/PKEY | oci://HOST/PKEY]`: pushes packaged charts as
/// `helm push` lays them out, natively, after checking that the account may push to the project.
struct PushCommand: AsyncParsableCommand, CompletionDescribing {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Push packaged charts (.tgz) to a Harbor project as OCI artifacts",
        discussion: """
            Writes exactly what 'helm push CHART.tgz oci://HOST/PKEY' writes (same manifest digest), \
            to the repository PKEY/<chart name> with the chart version as tag ('+' becomes '_'). \
            A CHART.tgz.prov beside a chart is pushed with it. A Helm plugin package ('helm plugin \
            package DIR': plugin.yaml, no Chart.yaml) goes to PKEY/<plugin name> as Helm 4's plugin \
            artifact, with its .prov; install it with 'helm plugin install oci://HOST/PKEY/NAME:VERSION'.

            The target defaults to the configured project (HARBOR_PROJECT, 'helm harbor use'). \
            Credentials are the ones 'helm harbor login' stored, or HARBOR_USERNAME with \
            HARBOR_CLI_SECRET (or HARBOR_PASSWORD) in pipelines. Before uploading, Harbor is asked \
            whether the account may push there; pushing needs the DEVELOPER role or higher.
            """
    )

    @Argument(help: ArgumentHelp("Chart archives, then optionally the target project: PKEY, HOST/PKEY or oci://HOST/PKEY.", valueName: "chart.tgz… [target]"))
    var arguments: [String] = []

    @OptionGroup var formatting: OutputFormatOption

    @Flag(name: [.short, .long], help: "Print nothing but errors.")
    var quiet = false

    @OptionGroup var connection: ConnectionOptions

    /// The first argument completes chart archives, later ones also projects you may push to.
    static func completePositional(_ index: Int, prefix: String, context: CommandContext) async -> CompletionResult {
        switch index {
        case 0: return CompletionSources.chartArchives
        default:
            guard let sources = context.completionSources() else { return CompletionResult([]) }
            return await sources.referenceCompleter().pushTargets(prefix)
        }
    }

    /// Charts pushed at the same time.
    static let concurrentCharts = 3

    func validate() throws {
        if arguments.isEmpty { throw ValidationError("give at least one chart archive (.tgz); package a chart directory with 'helm package DIR'") }
    }

    func run() async throws {
        let context = CommandContext.current
        let settings = try context.settings()
        let (files, targetWord) = Self.split(arguments)
        let destination = try PushDestination.resolve(targetWord, context: context, settings: settings)
        let host = destination.instance.host

        // Every chart is read and checked before anything goes over the network.
        // A Helm plugin package (plugin.yaml, no Chart.yaml) goes as Helm 4's plugin artifact.
        var charts: [(file: String, archive: PushableArchive, target: ChartTarget)] = []
        for file in files {
            do {
                let archive = try PushableArchive.read(URL(fileURLWithPath: file))
                charts.append((file, archive, try archive.target(host: host, project: destination.project)))
            } catch {
                throw CommandFailure("cannot push \(file): the file \(error)", hint: "nothing was pushed", exitCode: .failure)
            }
        }

        let credentials = try Self.credentials(for: host, settings: settings, context: context)
        let account = AccountKind(username: credentials.username, robotPrefixes: settings.robotPrefixes)
        let stack = try InstanceSession.open(
            for: destination.instance, credentials: credentials, caFile: connection.caFile, timeout: connection.timeout, context: context, doing: "cannot push to \(host)")
        // `http://127.0.0.1:5000/PKEY`: the user said plain HTTP; no TLS attempt first.
        if destination.plainHTTP { stack.fallback.startPlain(for: stack.connection.baseURL) }
        try await stack.use { stack in
            try await push(charts, to: destination, credentials: credentials, account: account, stack: stack, context: context)
        }
    }

    private func push(
        _ charts: [(file: String, archive: PushableArchive, target: ChartTarget)], to destination: PushDestination, credentials: BasicCredentials,
        account: AccountKind, stack: TransportStack, context: CommandContext
    ) async throws {
        let host = destination.instance.host
        let verdict: PushPermission.Verdict
        do {
            verdict = try await PushPermission.check(project: destination.project, stack: stack)
        } catch {
            throw CommandFailure.doing("cannot push to \(host)", error)
        }
        let freshness = CredentialFreshnessFile(environment: context.environment)
        switch verdict {
        case .allowed:
            break
        case .credentialsRejected(let rejectedAt):
            throw RejectionAdvice.failure(
                uiURL: RejectionAdvice.uiURL(host: host, plainHTTP: rejectedAt.scheme == .http), host: host, username: credentials.username, account: account,
                lastWorked: freshness.record(host: host, username: credentials.username)?.lastSuccess, now: context.clock.now(), opened: true)
        case .roleCannotPush(_, let role):
            throw CommandFailure(
                "\(credentials.username) may not push to \(destination.project) on \(host): your role there is \(role.name)\(role == .guest || role == .limitedGuest ? " (VIEWER in the DevOps portal)" : "")",
                hint: "pushing needs the DEVELOPER role or higher; ask a project admin of \(destination.project) to change your role. Nothing was uploaded.",
                exitCode: .pushDenied)
        case .notMember(_, let isPublic):
            throw CommandFailure(
                isPublic
                    ? "\(credentials.username) may not push to \(destination.project) on \(host): the project is public, but you are not a member"
                    : "\(credentials.username) may not push to \(destination.project) on \(host): the project does not exist, or you are not a member of it",
                hint: "check the project key (helm harbor status --check lists your projects); a project admin must add you with the DEVELOPER role or higher. Harbor creates repositories on push, but not projects. Nothing was uploaded.",
                exitCode: .pushDenied)
        case .unexpected(let status, let detail):
            throw CommandFailure("\(host) answered \(status) to the registry check: \(detail)", exitCode: .unexpectedAnswer)
        }
        try? freshness.recordSuccess(host: host, username: credentials.username, now: context.clock.now())

        var options = RegistryUploader.Options()
        options.deadline = stack.deadline
        options.timeLimit = stack.connection.timeout
        // The stack's layers authenticate (Basic, or Bearer after a challenge), fall back to plain
        // HTTP on loopback and retry replayable requests; the uploader adds blob-level retries.
        let uploader = RegistryUploader(transport: stack, baseURL: stack.connection.baseURL, options: options)
        let showProgress = !quiet && formatting.format == .text && PushProgress.stderrIsTerminal

        let mounts = MountSourceFinder(
            record: BlobSourceRecord(root: BlobSourceRecord.root(environment: context.environment), host: host),
            api: HarborAPIClient(baseURL: stack.connection.baseURL, transport: stack, deadline: options.deadline), uploader: uploader)

        let outcomes = await Self.pushAll(charts, uploader: uploader, mounts: mounts, showProgress: showProgress)
        try report(outcomes, plainHTTP: stack.usesPlainHTTP, context: context)
    }

    struct Outcome: Sendable {
        let file: String
        let target: ChartTarget
        var isPlugin = false
        let result: Result<ChartPusher.Result, ChartPushError>
    }

    static func pushAll(_ charts: [(file: String, archive: PushableArchive, target: ChartTarget)], uploader: RegistryUploader, mounts: MountSourceFinder?, showProgress: Bool) async -> [Outcome] {
        await withTaskGroup(of: (Int, Outcome).self) { group in
            var next = 0
            func start(_ index: Int) {
                let chart = charts[index]
                group.addTask {
                    let progress = showProgress && chart.archive.size >= PushProgress.threshold
                        ? PushProgress(label: "\(chart.target.name):\(chart.target.tag)", total: chart.archive.size) : nil
                    defer { progress?.finish() }
                    do {
                        let callback: (@Sendable (Int64) -> Void)? = progress.map { bar in { @Sendable bytes in bar.add(bytes) } }
                        let result = try await chart.archive.push(as: chart.target, with: uploader, mounts: mounts, progress: callback)
                        return (index, Outcome(file: chart.file, target: chart.target, isPlugin: chart.archive.isPlugin, result: .success(result)))
                    } catch let error as ChartPushError {
                        return (index, Outcome(file: chart.file, target: chart.target, isPlugin: chart.archive.isPlugin, result: .failure(error)))
                    } catch {
                        return (index, Outcome(file: chart.file, target: chart.target, isPlugin: chart.archive.isPlugin, result: .failure(.registry(step: "pushing", status: 0, message: "\(error)"))))
                    }
                }
            }
            while next < min(concurrentCharts, charts.count) { start(next); next += 1 }
            var outcomes: [Outcome?] = Array(repeating: nil, count: charts.count)
            for await (index, outcome) in group {
                outcomes[index] = outcome
                if next < charts.count { start(next); next += 1 }
            }
            return outcomes.compactMap { $0 }
        }
    }

    struct JSONResult: Encodable {
        let file: String
        let reference: String
        let repository: String
        let tag: String
        let pushed: Bool
        let digest: String?
        let uploadedBytes: Int64?
        let blobs: [String: String]?
        let error: String?
    }

    func report(_ outcomes: [Outcome], plainHTTP: Bool = false, context: CommandContext) throws {
        let output = context.output
        let failed = outcomes.filter { if case .failure = $0.result { true } else { false } }
        if formatting.format == .json {
            let results = outcomes.map { outcome -> JSONResult in
                switch outcome.result {
                case .success(let result):
                    let blobs = result.blobs.mapValues { outcome -> String in
                        switch outcome {
                        case .existed: "existed"
                        case .uploaded: "uploaded"
                        case .mounted: "mounted"
                        }
                    }
                    return JSONResult(file: outcome.file, reference: outcome.target.reference, repository: outcome.target.repository, tag: outcome.target.tag, pushed: true, digest: result.digest, uploadedBytes: result.bytesUploaded, blobs: blobs, error: nil)
                case .failure(let error):
                    return JSONResult(file: outcome.file, reference: outcome.target.reference, repository: outcome.target.repository, tag: outcome.target.tag, pushed: false, digest: nil, uploadedBytes: nil, blobs: nil, error: error.description)
                }
            }
            output.print(try JSONOutput.string(results))
        } else {
            for outcome in outcomes {
                switch outcome.result {
                case .success(let result):
                    guard !quiet else { continue }
                    // Helm 4's lines (pkg/registry/client.go `Push` at v4.3.1), on stdout as Helm 4 prints them.
                    output.print("Pushed: \(outcome.target.reference)")
                    output.print("Digest: \(result.digest)")
                    if outcome.isPlugin {
                        if outcome.target.tagHasUnderscore { output.print("The tag has '_' where the plugin's version has '+' (OCI tags cannot hold '+').") }
                        output.print("Install with: \(outcome.target.pluginInstallCommand(plainHTTP: plainHTTP))")
                    } else if outcome.target.tagHasUnderscore {
                        output.print(outcome.target.underscoreNotice)
                    }
                case .failure(.refused(_, _, let refusal)):
                    // A single refused chart is told once, by the error it exits with.
                    guard outcomes.count > 1 else { continue }
                    let explanation = HarborRefusalExplanation(
                        refusal: refusal, subject: "\(outcome.target.repository):\(outcome.target.tag)", project: outcome.target.project)
                    output.printError("Error: cannot push \(outcome.file) to \(outcome.target.reference): \(explanation.message)" + (explanation.hint.map { "\n  \($0)" } ?? ""))
                case .failure(let error):
                    output.printError("Error: cannot push \(outcome.file) to \(outcome.target.reference): \(error)" + (error.hint.map { "\n  \($0)" } ?? ""))
                }
            }
        }
        // One chart refused by a project policy, the quota or read-only mode: say it in Harbor's terms, with its status.
        if failed.count == 1, outcomes.count == 1, let outcome = failed.first, case .failure(.refused(_, _, let refusal)) = outcome.result {
            throw HarborRefusalExplanation(
                refusal: refusal, subject: "\(outcome.target.repository):\(outcome.target.tag)", project: outcome.target.project,
                listingCommand: "helm harbor charts \(outcome.target.project)")
        }
        if !failed.isEmpty {
            // The failure's own status (a timeout is 7, a broken connection 9, …) as in every other
            // command; 1 only when the charts failed for different reasons.
            let statuses = Set(failed.compactMap { outcome -> ExitStatus? in
                if case .failure(let error) = outcome.result { return error.exitStatus }
                return nil
            })
            throw CommandFailure(
                outcomes.count == 1 ? "the chart was not pushed" : "\(failed.count) of \(outcomes.count) charts were not pushed",
                exitCode: statuses.count == 1 ? statuses.first! : .failure)
        }
    }

    /// The last argument is the target when it is not a chart file.
    static func split(_ arguments: [String]) -> (files: [String], target: String?) {
        guard arguments.count > 1, let last = arguments.last else { return (arguments, nil) }
        let isChart = last.hasSuffix(".tgz") || last.hasSuffix(".tar.gz") || FileManager.default.fileExists(atPath: last)
        return isChart ? (arguments, nil) : (Array(arguments.dropLast()), last)
    }

    /// From the credential chain, as Helm reads the stores: the pipeline variables only where they
    /// belong (the default instance, hosts mapped to docker-credential-harbor), never elsewhere.
    static func credentials(for host: String, settings: EffectiveSettings, context: CommandContext) throws -> BasicCredentials {
        try context.credentials(for: host, settings: settings).basic
    }
}
