import Foundation
import HarborCore
import HarborTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// kill -9 of the commands that write files, at random moments: `docker harbor login`, `logout`,
/// `config set`, `hooks enable` and `helm harbor push`. After every kill docker's config.json,
/// Helm's registry config and the settings file parse and keep every entry they had that the
/// plugins do not own (other hosts' auths, credHelpers, proxies, unknown keys), and a push leaves
/// no broken tag: the tag is absent, or its manifest and every blob it names can be fetched
/// (skopeo copies it). A write killed before its rename leaves its temporary file (nothing can
/// remove it at a SIGKILL); the next write of that file must remove it (`AtomicFile`), which a
/// last round of each command without a kill checks.
///
/// The moments are random but seeded: `HARBOR_CRASH_SEED` replays a run; the seed is printed
/// and named in every failure. Each command is timed once without a kill, and kills land
/// 0 … 120 % of that time after the start. Workers run concurrently, each in a HOME of its own.
@Suite struct CrashConsistencyTests {
    static let kills = 200
    static let workers = 6
    /// The loop stops here even when fewer kills landed (a loaded machine), and says so.
    static let budget: Duration = .seconds(60)

    static let sandbox = SharedSandbox(fixture: RealClientSandbox.fixture)

    enum Action: String, CaseIterable, Sendable {
        case login, logout, configSet = "config set", hooksEnable = "hooks enable", push = "helm harbor push"
    }

    static let foreignAuth = Data("someone:ForeignSecret1".utf8).base64EncodedString()

    /// A worker's HOME: the plugins (linked from one installed HOME) and seeded files.
    struct Worker: Sendable {
        let home: TestHome
        let installed: TestHome
        let host: String
        let chartDirectory: String

        var plugin: String { installed.dockerConfig + "/cli-plugins/docker-harbor" }
        var helmPlugin: String { installed.helmPluginDir + "/bin/helm-harbor" }
        var configPath: String { home.dockerConfig + "/config.json" }
        var helmRegistryPath: String { home.path + "/.config/helm/registry/config.json" }
        var settingsPath: String { home.path + "/.config/harbor/settings.json" }

        var environment: [String: String] {
            home.dockerEnvironment.merging([
                "HELM_REGISTRY_CONFIG": helmRegistryPath, "HELM_CONFIG_HOME": home.path + "/.config/helm",
                "HELM_CACHE_HOME": home.path + "/.cache/helm", "HELM_DATA_HOME": home.path + "/.local/share/helm",
                "HARBOR_TIMEOUT": "20",
            ]) { $1 }
        }

        func seed() throws {
            try home.write(
                """
                {
                \t"auths": {
                \t\t"foreign.example.com": {
                \t\t\t"auth": "\(CrashConsistencyTests.foreignAuth)"
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
            try home.write(#"{"auths":{"foreign.example.com":{"auth":"\#(CrashConsistencyTests.foreignAuth)"}}}"# + "\n", to: ".config/helm/registry/config.json")
            try home.write("{\n  \"instance\" : \"\(host)\",\n  \"x-not-ours\" : [1, 2]\n}\n", to: ".config/harbor/settings.json")
        }

        /// The command line of `action`; `version` names the chart a push sends (a new tag each time).
        func invocation(_ action: Action, version: Int) async throws -> (String, [String], String?) {
            switch action {
            case .login: (plugin, ["login", host, "-u", "alice", "--password-stdin"], RealClientSandbox.aliceSecret)
            case .logout: (plugin, ["logout", host], nil)
            case .configSet: (plugin, ["config", "set", "project", "p\(version)"], nil)
            case .hooksEnable: (plugin, ["hooks", "enable"], nil)
            case .push: (helmPlugin, ["push", try await chart(version: version), "\(host)/pkey"], nil)
            }
        }

        /// A chart `crashchart` at version 0.0.VERSION with 1 MiB of random data, tarred as Helm lays it out.
        func chart(version: Int) async throws -> String {
            let directory = chartDirectory + "/v\(version)"
            try FileManager.default.createDirectory(atPath: directory + "/crashchart", withIntermediateDirectories: true)
            try Data("apiVersion: v2\nname: crashchart\nversion: 0.0.\(version)\n".utf8).write(to: URL(fileURLWithPath: directory + "/crashchart/Chart.yaml"))
            var generator = SystemRandomNumberGenerator()
            let bytes = (0..<(1 << 17)).map { _ in generator.next() as UInt64 }
            try bytes.withUnsafeBytes { Data($0) }.write(to: URL(fileURLWithPath: directory + "/crashchart/payload.bin"))
            let tarred = try await ProcessRunner.run("/bin/tar", ["-czf", "crashchart-0.0.\(version).tgz", "crashchart"], directory: directory)
            guard tarred.status == 0 else { throw TestSupportError("tar: \(tarred)") }
            return directory + "/crashchart-0.0.\(version).tgz"
        }

        /// What is wrong with the files now, if anything.
        func damage() -> [String] {
            var problems: [String] = []
            func object(_ path: String) -> [String: Any]? {
                guard let data = FileManager.default.contents(atPath: path) else {
                    problems.append("\(path) is gone")
                    return nil
                }
                guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                    problems.append("\(path) does not parse (\(data.count) bytes): \(String(decoding: data.prefix(200), as: UTF8.self))")
                    return nil
                }
                return object
            }
            if let config = object(configPath) {
                if (config["auths"] as? [String: Any])?["foreign.example.com"] == nil { problems.append("config.json lost auths.foreign.example.com") }
                if (config["credHelpers"] as? [String: Any])?["other.example.com"] as? String != "pass" { problems.append("config.json lost credHelpers.other.example.com") }
                if config["proxies"] == nil { problems.append("config.json lost proxies") }
                if config["x-not-ours"] == nil { problems.append("config.json lost x-not-ours") }
            }
            if let registry = object(helmRegistryPath), (registry["auths"] as? [String: Any])?["foreign.example.com"] == nil {
                problems.append("Helm's registry config lost auths.foreign.example.com")
            }
            if let settings = object(settingsPath) {
                if settings["x-not-ours"] == nil { problems.append("settings.json lost x-not-ours") }
                if settings["instance"] as? String != host { problems.append("settings.json lost instance") }
            }
            // The plugins' own records (completion cache, freshness, blob sources) parse too.
            for directory in [home.path + "/.cache/harbor", home.path + "/.local/state/harbor"] {
                let enumerator = FileManager.default.enumerator(atPath: directory)
                while let entry = enumerator?.nextObject() as? String {
                    guard entry.hasSuffix(".json"), !entry.contains(".tmp-") else { continue }
                    if let data = FileManager.default.contents(atPath: directory + "/" + entry), (try? JSONSerialization.jsonObject(with: data)) == nil {
                        problems.append("\(directory)/\(entry) does not parse (\(data.count) bytes)")
                    }
                }
            }
            return problems
        }

        /// Temporary files beside the files (a write killed between creating its temporary file
        /// and renaming it over the file leaves one; the next write to that file removes it).
        func leftovers() -> [String] {
            var found: [String] = []
            for directory in [home.dockerConfig, home.path + "/.config/helm/registry", home.path + "/.config/harbor", home.path + "/.cache/harbor", home.path + "/.local/state/harbor"] {
                let enumerator = FileManager.default.enumerator(atPath: directory)
                while let entry = enumerator?.nextObject() as? String {
                    if (entry as NSString).lastPathComponent.contains(".tmp-") { found.append(directory + "/" + entry) }
                }
            }
            return found.sorted()
        }
    }

    /// SplitMix64: the seeded source of the kill moments.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// A tag the push may have left: absent, or complete (skopeo fetches the manifest and every blob).
    static func tagProblem(host: String, version: Int, scratch: String) async throws -> String? {
        let reference = "docker://\(host)/pkey/crashchart:0.0.\(version)"
        let credentials = "alice:\(RealClientSandbox.aliceSecret)"
        let inspect = try await ProcessRunner.run("skopeo", ["inspect", "--raw", "--tls-verify=false", "--creds", credentials, reference])
        if inspect.status != 0 {
            let absent = ["manifest unknown", "name unknown", "not found"].contains { inspect.stderr.contains($0) }
            return absent ? nil : "skopeo inspect \(reference): \(inspect)"
        }
        let copy = try await ProcessRunner.run(
            "skopeo", ["copy", "--quiet", "--src-tls-verify=false", "--src-creds", credentials, reference, "dir:\(scratch)/copy-\(version)"])
        return copy.status == 0 ? nil : "tag 0.0.\(version) exists but cannot be fetched whole: \(copy)"
    }

    @Test func killsAtRandomMomentsLeaveEveryFileWhole() async throws {
        let sandbox = try await Self.sandbox.get()
        _ = try requireTool("skopeo")
        let installed = try await TestHome.installed()
        let seed = ProcessInfo.processInfo.environment["HARBOR_CRASH_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64(UInt32.max))
        print("CrashConsistencyTests: seed \(seed) (HARBOR_CRASH_SEED=\(seed) replays the kill moments)")

        // How long each action takes when not killed (and that it works at all).
        let probe = Worker(home: try TestHome(), installed: installed, host: sandbox.host, chartDirectory: try TestHome().path)
        try probe.seed()
        var durations: [Action: Duration] = [:]
        for (index, action) in [Action.login, .configSet, .hooksEnable, .push, .logout].enumerated() {
            let (program, arguments, stdin) = try await probe.invocation(action, version: 1000 + index)
            let started = ContinuousClock.now
            let result = try await ProcessRunner.start(program, arguments, environment: probe.environment, stdin: stdin).wait(timeout: .seconds(60))
            durations[action] = ContinuousClock.now - started
            #expect(result.status == 0, "\(action.rawValue) without a kill: \(result)")
        }
        #expect(probe.damage().isEmpty, "\(probe.damage())")

        let deadline = ContinuousClock.now + Self.budget
        let perWorker = (Self.kills + Self.workers - 1) / Self.workers
        let reports = try await withThrowingTaskGroup(of: (kills: Int, finished: Int, leftovers: Int, problems: [String]).self) { group in
            for index in 0..<Self.workers {
                let worker = Worker(home: try TestHome(), installed: installed, host: sandbox.host, chartDirectory: try TestHome().path)
                try worker.seed()
                let durations = durations
                group.addTask {
                    var random = SeededGenerator(state: seed &+ UInt64(index) &* 0x1_0000_0001)
                    var kills = 0
                    var finished = 0
                    var problems: [String] = []
                    var seen: Set<String> = []
                    var leftovers: Set<String> = []
                    var iteration = 0
                    while kills < perWorker, ContinuousClock.now < deadline {
                        iteration += 1
                        let action = Action.allCases[Int(random.next() % UInt64(Action.allCases.count))]
                        let version = index * 10_000 + iteration
                        let typical = durations[action] ?? .milliseconds(500)
                        let delay = typical * (1.2 * Double(random.next() % 10_000) / 10_000)
                        let (program, arguments, stdin) = try await worker.invocation(action, version: version)
                        let running = try ProcessRunner.start(program, arguments, environment: worker.environment, stdin: stdin)
                        try await Task.sleep(for: delay)
                        // A program that already ended is a zombie until waited for: the signal does nothing.
                        kill(running.pid, SIGKILL)
                        let result = await running.wait(timeout: .seconds(60))
                        if result.status == 128 + SIGKILL { kills += 1 } else { finished += 1 }
                        let label = "seed \(seed), worker \(index), iteration \(iteration): \(action.rawValue) killed \(delay) after its start"
                        // Each kind of damage once, with the first kill that showed it.
                        for damage in worker.damage() where seen.insert(damage).inserted { problems.append("\(label): \(damage)") }
                        leftovers.formUnion(worker.leftovers())
                        if action == .push, let problem = try await CrashConsistencyTests.tagProblem(host: worker.host, version: version, scratch: worker.chartDirectory) {
                            problems.append("\(label): \(problem)")
                        }
                    }
                    // One write of each file without a kill: it removes what killed writes left.
                    for action in [Action.login, .configSet, .hooksEnable, .push, .logout] {
                        let (program, arguments, stdin) = try await worker.invocation(action, version: 0)
                        let result = try await ProcessRunner.start(program, arguments, environment: worker.environment, stdin: stdin).wait(timeout: .seconds(60))
                        if result.status != 0 { problems.append("seed \(seed), worker \(index): \(action.rawValue) after the kills: \(result)") }
                    }
                    problems += worker.damage().map { "seed \(seed), worker \(index), after the kills: \($0)" }
                    problems += worker.leftovers().map { "seed \(seed), worker \(index): \($0) is still there after a write of that file without a kill" }
                    return (kills, finished, leftovers.count, problems)
                }
            }
            var reports: [(kills: Int, finished: Int, leftovers: Int, problems: [String])] = []
            for try await report in group { reports.append(report) }
            return reports
        }
        let kills = reports.map(\.kills).reduce(0, +)
        print("CrashConsistencyTests: seed \(seed): \(kills) kills, \(reports.map(\.finished).reduce(0, +)) runs ended before their kill, \(reports.map(\.leftovers).reduce(0, +)) temporary files left by killed writes")
        for problem in reports.flatMap(\.problems) { Issue.record("\(problem)") }
        #expect(kills >= Self.kills, "only \(kills) kills landed within \(Self.budget) (seed \(seed))")
    }
}
