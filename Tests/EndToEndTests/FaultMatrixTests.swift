import Foundation
import HarborCommands
import HarborCore
import HarborTestSupport
import Testing

/// Every command that talks to Harbor × every way the network or Harbor can fail, through the
/// real docker client and real Helm 4.3.1, against the sandbox (faults injected per path, see
/// HarborSandbox's `Fault`), a loopback port that resets TLS handshakes, a real proxy (tinyproxy)
/// that refuses CONNECT, and a name that cannot resolve (`.invalid`, RFC 6761 §6.4).
///
/// Each cell checks what a user sees: the command ends within its deadline (`--timeout`, or the
/// completion timeout for a TAB), with the documented status (README, "Exit codes") and a first
/// line that names the cause; a TAB prints no error, no candidates and exits 0; and every file
/// the command may write is byte-identical afterwards or a valid new version. The run writes the
/// matrix to docs/faults.md.
///
/// One parameterized test per fault, running in parallel; within it the commands run
/// concurrently, each with a HOME of its own. Each sandbox-backed fault gets two sandboxes: one
/// with the fault on every request (what a command meets first), one with it on the chart upload
/// requests (so the 90 MiB push meets it in the middle of its upload).
@Suite struct FaultMatrixTests {
    /// `--timeout` for every command (and HARBOR_TIMEOUT, which the `docker harbor push` pre-check reads).
    static let timeout = 3
    /// The 90 MiB push may take longer than 3 s on a loaded machine when nothing goes wrong.
    static let bigPushTimeout = 10
    /// `completion-timeout` for the TAB.
    static let completionTimeout = 3
    /// Start-up of docker or Helm and the plugin on a loaded machine, on top of a deadline.
    static let startupAllowance = 8.0
    static let slots = ProcessSlots(12)
    static let results = MatrixResults()

    @Test(arguments: MatrixFault.allCases)
    func cells(_ fault: MatrixFault) async throws {
        let tools = try await FaultMatrixTools.shared.get()
        let setting = try await FaultSetting.start(fault)
        defer { setting.stop() }
        let outcomes = try await withThrowingTaskGroup(of: CellOutcome.self) { group in
            for command in MatrixCommand.allCases {
                group.addTask {
                    try await Self.slots.run { try await FaultMatrixCell(command: command, fault: fault, setting: setting, tools: tools).run() }
                }
            }
            var outcomes: [CellOutcome] = []
            for try await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        for outcome in outcomes.sorted(by: { $0.command.rawValue < $1.command.rawValue }) {
            for problem in outcome.problems { Issue.record("\(outcome.command.rawValue) × \(fault.rawValue): \(problem)\n\(outcome.result)") }
        }
        await Self.results.add(outcomes, for: fault)
    }
}

/// The faults of the matrix, in the order docs/faults.md lists them.
enum MatrixFault: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case stallBeforeHeaders = "stall before headers"
    case stallMidBody = "stall mid-body"
    case droppedConnection = "dropped connection"
    case truncatedBody = "truncated body"
    case serverError = "5xx (503)"
    case tooManyRequests = "429 with Retry-After: 5"
    case slowTokenService = "slow token service"
    case tlsHandshakeReset = "TLS handshake reset"
    case proxyRefusesConnect = "proxy refuses CONNECT"
    case unknownHost = "DNS failure"

    var testDescription: String { rawValue }

    static let retryAfter = "5"

    /// Faults for the sandbox the commands meet first (every request), and for the one the chart
    /// pushes go to (the upload requests, or for body faults the token answer, the only answer
    /// of a push that has a body). nil: no sandbox, the fault is elsewhere.
    var sandboxFaults: (every: [SandboxFault], upload: [SandboxFault])? {
        func uploads(_ make: (String) -> SandboxFault) -> [SandboxFault] { [make("PUT"), make("PATCH")] }
        switch self {
        case .stallBeforeHeaders:
            return ([SandboxFault(pathPrefix: "/", stall: true)], uploads { SandboxFault(pathPrefix: "/v2/pkey/", method: $0, stall: true) })
        case .stallMidBody:
            return (
                [SandboxFault(pathPrefix: "/", truncateAfterBytes: 1, stall: true)],
                [SandboxFault(pathPrefix: "/service/token", truncateAfterBytes: 1, stall: true)]
            )
        case .droppedConnection:
            return ([SandboxFault(pathPrefix: "/", drop: true)], uploads { SandboxFault(pathPrefix: "/v2/pkey/", method: $0, drop: true) })
        case .truncatedBody:
            return ([SandboxFault(pathPrefix: "/", truncateAfterBytes: 1)], [SandboxFault(pathPrefix: "/service/token", truncateAfterBytes: 1)])
        case .serverError:
            return ([SandboxFault(pathPrefix: "/", status: 503)], uploads { SandboxFault(pathPrefix: "/v2/pkey/", method: $0, status: 503) })
        case .tooManyRequests:
            // Longer than the 3 s deadline: a client must report the 429 at once instead of waiting
            // past its deadline (RetryPolicy). Within the deadline it is honoured (RetryPolicyTests).
            return (
                [SandboxFault(pathPrefix: "/", status: 429, retryAfter: MatrixFault.retryAfter)],
                uploads { SandboxFault(pathPrefix: "/v2/pkey/", method: $0, status: 429, retryAfter: MatrixFault.retryAfter) }
            )
        case .slowTokenService:
            let slow = [SandboxFault(pathPrefix: "/service/token", latencyMs: (FaultMatrixTests.bigPushTimeout + 5) * 1000)]
            return (slow, slow)
        case .tlsHandshakeReset, .proxyRefusesConnect, .unknownHost:
            return nil
        }
    }
}

/// The commands of the matrix, in the order docs/faults.md lists them.
enum MatrixCommand: String, CaseIterable, Sendable {
    case login = "docker harbor login"
    case status = "docker harbor status --check"
    case projects = "docker harbor projects"
    case repos = "docker harbor repos"
    case tags = "docker harbor tags"
    case charts = "helm harbor charts"
    case tab = "TAB: docker __complete harbor pull"
    case pushSmall = "helm harbor push (small chart)"
    case pushBig = "helm harbor push (90 MiB chart)"
    case dockerPush = "docker harbor push (pre-check)"
    case credentialHelper = "docker-credential-harbor get"

    var isTab: Bool { self == .tab }
    var usesUploadSandbox: Bool { self == .pushSmall || self == .pushBig }
    var viaHelm: Bool { self == .charts || self == .pushSmall || self == .pushBig }

    /// Seconds the command may take: its `--timeout`, or the completion timeout for a TAB.
    var deadline: Int {
        switch self {
        case .pushBig: FaultMatrixTests.bigPushTimeout
        case .tab: FaultMatrixTests.completionTimeout
        default: FaultMatrixTests.timeout
        }
    }
}

/// Where a fault lives for one test: the hosts the commands go to, extra environment, and what
/// to stop afterwards.
final class FaultSetting: @unchecked Sendable {
    /// The host of the commands that meet the fault first, and of the chart pushes.
    let host: String
    let uploadHost: String
    let environment: [String: String]
    /// Text that differs between runs (ports), replaced in docs/faults.md.
    let volatile: [(String, String)]
    private let stops: [@Sendable () -> Void]

    init(host: String, uploadHost: String, environment: [String: String] = [:], volatile: [(String, String)], stops: [@Sendable () -> Void]) {
        self.host = host
        self.uploadHost = uploadHost
        self.environment = environment
        self.volatile = volatile
        self.stops = stops
    }

    func stop() { for stop in stops { stop() } }

    /// Project pkey (alice a developer) with a chart, as in the other real-client tests.
    static let fixture = RealClientSandbox.fixture

    static func start(_ fault: MatrixFault) async throws -> FaultSetting {
        if let faults = fault.sandboxFaults {
            let every = try await SandboxProcess.start(fixture: fixture)
            let upload: SandboxProcess
            do {
                upload = try await SandboxProcess.start(fixture: fixture)
            } catch {
                every.stop()
                throw error
            }
            try await every.setFaults(faults.every)
            try await upload.setFaults(faults.upload)
            return FaultSetting(
                host: every.host, uploadHost: upload.host,
                volatile: [(every.host, "127.0.0.1:PORT"), (upload.host, "127.0.0.1:PORT")],
                stops: [{ every.stop() }, { upload.stop() }])
        }
        switch fault {
        case .tlsHandshakeReset:
            let listener = try HandshakeResetListener.start()
            let host = "127.0.0.1:\(listener.port)"
            return FaultSetting(host: host, uploadHost: host, volatile: [(host, "127.0.0.1:PORT")], stops: [{ listener.stop() }])
        case .proxyRefusesConnect:
            // tinyproxy allows CONNECT only to the ports in its ConnectPort lines: port 1, so the
            // CONNECT to port 443 is refused with 403 (tinyproxy src/reqs.c, "Access violation").
            let proxy = try await TinyproxyProcess.start(allowConnectPorts: [1])
            let host = "harbor.proxy-refuses.test"
            return FaultSetting(
                host: host, uploadHost: host, environment: ["HTTPS_PROXY": proxy.url],
                volatile: [("127.0.0.1:\(proxy.port)", "127.0.0.1:PROXYPORT")], stops: [{ proxy.stop() }])
        case .unknownHost:
            return FaultSetting(host: "harbor.faults.invalid", uploadHost: "harbor.faults.invalid", volatile: [], stops: [])
        default:
            throw TestSupportError("\(fault) needs sandbox faults")
        }
    }
}

/// What a cell expects.
enum CellExpectation: Equatable {
    /// Fails with this status, the first line of stderr naming the cause (one of `fragments`).
    case fails(HarborCore.ExitStatus, [String])
    /// A TAB that offers nothing: exit 0, nothing on stderr, no candidates.
    case noCandidates
    /// Succeeds (the command does not depend on what failed).
    case succeeds(String)

    static func of(_ command: MatrixCommand, _ fault: MatrixFault, setting: FaultSetting) -> CellExpectation {
        if command == .credentialHelper { return .succeeds(#""Username":"alice""#) }
        let host = command.usesUploadSandbox ? setting.uploadHost : setting.host
        let isPush = command.usesUploadSandbox
        switch (fault, command) {
        // Login and status check the secret with GET /v2/ and Basic credentials (Harbor takes them
        // there, no token needed) and read nothing of its `{}` body: a slow token service or a
        // body cut short or stalled after its first byte changes nothing they need.
        case (.slowTokenService, .login), (.stallMidBody, .login), (.truncatedBody, .login): return .succeeds("Login Succeeded")
        case (.slowTokenService, .status), (.stallMidBody, .status), (.truncatedBody, .status): return .succeeds("Instance")
        // The REST API takes Basic credentials too.
        case (.slowTokenService, .projects), (.slowTokenService, .repos), (.slowTokenService, .charts): return .succeeds("pkey")
        case (.slowTokenService, .tags): return .succeeds(RealClientSandbox.chart.version)
        case (.slowTokenService, .tab): return .succeeds("pkey/")
        case (_, .tab): return .noCandidates
        default: break
        }
        switch fault {
        // The push's upload requests get no answer: the push says which step did not finish in time.
        case .stallBeforeHeaders: return .fails(.timeout, isPush ? ["not done within \(command.deadline) s"] : ["did not answer within \(command.deadline) s"])
        // Either the pause in the body, or the whole limit, whichever a client's layer saw first.
        case .stallMidBody: return .fails(.timeout, ["stopped sending for \(command.deadline) s", "did not answer within \(command.deadline) s"])
        case .droppedConnection: return .fails(.unexpectedAnswer, ["the connection to \(host) broke off"])
        case .truncatedBody: return .fails(.unexpectedAnswer, ["the connection to \(host) broke off"])
        case .serverError: return .fails(.unexpectedAnswer, ["503"])
        case .tooManyRequests: return .fails(.unexpectedAnswer, ["429"])
        case .slowTokenService: return .fails(.timeout, ["did not answer within \(command.deadline) s"])
        // A reset in the middle of the handshake is a broken connection (retried, then reported).
        case .tlsHandshakeReset: return .fails(.unexpectedAnswer, ["the connection to \(host) broke off: the connection was reset"])
        case .proxyRefusesConnect: return .fails(.connectionRefused, ["could not take us to \(host)"])
        case .unknownHost: return .fails(.unknownHost, ["cannot find host \(host)"])
        }
    }
}

/// What one cell did.
struct CellOutcome: Sendable {
    let command: MatrixCommand
    let fault: MatrixFault
    let result: CompletedProcess
    let elapsed: Double
    /// The first line of the message, ports replaced (they change between runs).
    let firstLine: String
    let filesProblems: [String]
    let problems: [String]
}

/// One command against one fault, in a HOME of its own seeded with entries the plugins do not own.
struct FaultMatrixCell: Sendable {
    let command: MatrixCommand
    let fault: MatrixFault
    let setting: FaultSetting
    let tools: FaultMatrixTools

    static let foreignAuth = Data("someone:ForeignSecret1".utf8).base64EncodedString()

    func seed(_ home: TestHome, host: String) throws {
        let auth = Data("alice:\(RealClientSandbox.aliceSecret)".utf8).base64EncodedString()
        try home.write(
            """
            {
            \t"auths": {
            \t\t"\(host)": {
            \t\t\t"auth": "\(auth)"
            \t\t},
            \t\t"foreign.example.com": {
            \t\t\t"auth": "\(Self.foreignAuth)"
            \t\t}
            \t},
            \t"credHelpers": {
            \t\t"other.example.com": "pass"
            \t},
            \t"proxies": {
            \t\t"default": {
            \t\t\t"noProxy": "*.internal.example.com"
            \t\t}
            \t},
            \t"x-not-ours": {
            \t\t"kept": true
            \t}
            }

            """, to: ".docker/config.json")
        try FileManager.default.createSymbolicLink(
            atPath: home.dockerConfig + "/cli-plugins", withDestinationPath: tools.installed.dockerConfig + "/cli-plugins")
        try home.write(#"{"auths":{"foreign.example.com":{"auth":"\#(Self.foreignAuth)"}}}"# + "\n", to: ".config/helm/registry/config.json")
        try home.write("{\n  \"instance\" : \"\(host)\",\n  \"project\" : \"pkey\",\n  \"x-not-ours\" : [1, 2]\n}\n", to: ".config/harbor/settings.json")
    }

    func environment(_ home: TestHome) -> [String: String] {
        var environment = home.dockerEnvironment
        if command.viaHelm {
            environment = tools.helm.environment
            environment["HOME"] = home.path
            environment["DOCKER_CONFIG"] = home.dockerConfig
            environment["HELM_CONFIG_HOME"] = home.path + "/.config/helm"
            environment["HELM_CACHE_HOME"] = home.path + "/.cache/helm"
            environment["HELM_DATA_HOME"] = home.path + "/.local/share/helm"
            environment["HELM_REGISTRY_CONFIG"] = home.path + "/.config/helm/registry/config.json"
        }
        environment["HARBOR_TIMEOUT"] = String(FaultMatrixTests.timeout)
        environment["HARBOR_COMPLETION_TIMEOUT"] = String(FaultMatrixTests.completionTimeout)
        return environment.merging(setting.environment) { $1 }
    }

    /// The program, its arguments and stdin.
    func invocation(host: String) -> (String, [String], String?) {
        let timeout = ["--timeout", String(command.deadline)]
        switch command {
        case .login: return ("docker", ["harbor", "login", host, "-u", "alice", "--password-stdin"] + timeout, RealClientSandbox.aliceSecret)
        case .status: return ("docker", ["harbor", "status", host, "--check"] + timeout, nil)
        case .projects: return ("docker", ["harbor", "projects", "--instance", host] + timeout, nil)
        case .repos: return ("docker", ["harbor", "repos", "pkey", "--instance", host] + timeout, nil)
        case .tags: return ("docker", ["harbor", "tags", "pkey/\(RealClientSandbox.chart.name)", "--instance", host] + timeout, nil)
        case .charts: return (tools.helm.binary, ["harbor", "charts", "pkey", "--instance", host] + timeout, nil)
        case .tab: return ("docker", ["__complete", "harbor", "pull", ""], nil)
        case .pushSmall: return (tools.helm.binary, ["harbor", "push", tools.smallChart, "\(host)/pkey"] + timeout, nil)
        case .pushBig: return (tools.helm.binary, ["harbor", "push", tools.bigChart, "\(host)/pkey"] + timeout, nil)
        case .dockerPush: return ("docker", ["harbor", "push", "\(host)/pkey/app:1"], nil)
        case .credentialHelper: return (tools.installed.path + "/.local/bin/docker-credential-harbor", ["get"], host)
        }
    }

    func run() async throws -> CellOutcome {
        let host = command.usesUploadSandbox ? setting.uploadHost : setting.host
        let home = try TestHome()
        defer { try? FileManager.default.removeItem(atPath: home.path) }
        try seed(home, host: host)
        let before = WrittenFiles(home: home.path)
        let (program, arguments, stdin) = invocation(host: host)
        let started = ContinuousClock.now
        let running = try ProcessRunner.start(program, arguments, environment: environment(home), stdin: stdin)
        let result = await running.wait(timeout: .seconds(command.deadline + 60))
        let elapsed = Double((ContinuousClock.now - started).components.seconds) + Double((ContinuousClock.now - started).components.attoseconds) / 1e18
        let filesProblems = WrittenFiles(home: home.path).problems(since: before)
        let firstLine: String
        if command.isTab {
            // The first candidate (cobra's last line, ":DIRECTIVE", is not one), else the first error.
            let candidates = result.stdout.split(separator: "\n").filter { !$0.hasPrefix(":") }
            firstLine = (candidates.first ?? result.stderr.split(separator: "\n").first { !$0.hasPrefix("Completion ended with directive:") }).map(String.init) ?? ""
        } else if command == .credentialHelper {
            firstLine = (result.status == 0 ? result.stdout : result.stdout + result.stderr).split(separator: "\n").first.map(String.init) ?? ""
        } else {
            firstLine = (result.status == 0 ? result.stdout : result.stderr).split(separator: "\n").first.map(String.init) ?? ""
        }
        var problems = filesProblems
        let limit = Double(command.deadline) + FaultMatrixTests.startupAllowance
        if elapsed > limit { problems.append("took \(Int(elapsed)) s, past its deadline of \(command.deadline) s (+\(Int(FaultMatrixTests.startupAllowance)) s for start-up)") }
        let flavor: PluginFlavor = command.viaHelm ? .helm : .docker
        switch CellExpectation.of(command, fault, setting: setting) {
        case .fails(let status, let fragments):
            if result.status != flavor.exitCode(status) { problems.append("exit \(result.status), expected \(flavor.exitCode(status)) (\(status))") }
            if !(firstLine.hasPrefix("Error: ") && fragments.contains(where: firstLine.contains)) {
                problems.append("first line does not say \(fragments.map { "\"\($0)\"" }.joined(separator: " or ")): \(firstLine)")
            }
        case .noCandidates:
            let candidates = result.stdout.split(separator: "\n").filter { !$0.hasPrefix(":") }
            let quiet = Self.onlyCobraNote(result.stderr)
            if result.status != 0 || !quiet || !candidates.isEmpty {
                problems.append("a TAB must exit 0 with no error and no candidates")
            }
        case .succeeds(let fragment):
            if result.status != 0 || !result.stdout.contains(fragment) { problems.append("expected success with \"\(fragment)\" on stdout") }
        }
        // The credential helper's answer holds the (test) secret: never in a committed file.
        var shown = firstLine.replacingOccurrences(of: tools.helm.home + "/", with: "")
            .replacingOccurrences(of: RealClientSandbox.aliceSecret, with: "<the secret>")
        for (text, replacement) in setting.volatile { shown = shown.replacingOccurrences(of: text, with: replacement) }
        // Digests (the charts are packaged afresh each run) and upload session ids change between runs.
        shown = shown.replacingOccurrences(of: #"sha256:[0-9a-f]{12,64}"#, with: "sha256:…", options: .regularExpression)
        shown = shown.replacingOccurrences(of: #"/blobs/uploads/[0-9a-f-]{36}"#, with: "/blobs/uploads/UUID", options: .regularExpression)
        if fault == .droppedConnection {
            // A server that closes while a large body is still coming is seen as a reset or as a
            // close, depending on how far the upload got: the same cause, two wordings.
            shown = shown.replacingOccurrences(of: "the connection was reset", with: "the server closed the connection without answering")
        }
        return CellOutcome(
            command: command, fault: fault, result: result, elapsed: elapsed, firstLine: shown, filesProblems: filesProblems, problems: problems)
    }

    /// Nothing on stderr but cobra's own note (`__complete` reports its directive there:
    /// "Completion ended with directive: …", spf13/cobra completions.go).
    static func onlyCobraNote(_ stderr: String) -> Bool {
        stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("Completion ended with directive:") || $0.allSatisfy(\.isWhitespace) }
    }
}

/// The outcomes of all faults; when every fault has reported, docs/faults.md is written.
actor MatrixResults {
    private var outcomes: [MatrixFault: [CellOutcome]] = [:]

    func add(_ new: [CellOutcome], for fault: MatrixFault) {
        outcomes[fault] = new
        guard outcomes.count == MatrixFault.allCases.count else { return }
        let text = FaultMatrixDocument.render(outcomes)
        let path = BuiltProducts.repository + "/docs/faults.md"
        try? FileManager.default.createDirectory(atPath: BuiltProducts.repository + "/docs", withIntermediateDirectories: true)
        if (try? String(contentsOfFile: path, encoding: .utf8)) != text {
            do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch { Issue.record("cannot write \(path): \(error)") }
        }
    }
}
