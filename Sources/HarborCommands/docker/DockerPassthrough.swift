import Foundation
import HarborAPI
import HarborCore
import HarborCredentials
import HarborRegistry

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// `docker harbor pull|push|tag|run … REF`: expands short references (`PKEY/REPO[:TAG]`,
/// `REPO[:TAG]`) from the settings and runs the real docker with everything else as typed:
/// docker's global flags from before `harbor`, every other flag, stdin/stdout/stderr and the
/// terminal (inherited), signals (forwarded), and docker's exit status.
enum DockerPassthrough {
    enum Verb: String, Sendable {
        case pull, push, tag, run

        /// How many leading positional arguments are image references.
        var referenceCount: Int { self == .tag ? 2 : 1 }
    }

    static func run(_ verb: Verb, _ arguments: [String], context: CommandContext) async throws {
        let docker = dockerExecutable(context)
        // Ours, not docker's: `--wait-scan` and its bound `--timeout SECONDS` (pull and run only).
        var arguments = arguments
        let waitScan = verb == .pull || verb == .run ? try WaitScanOption.extract(&arguments) : nil
        let spec = try DockerFlagSpec.read(verb, context: context)
        let positions = spec.positionalIndices(arguments, stopAfter: verb.referenceCount)
        guard !positions.isEmpty else {
            throw CommandFailure("docker harbor \(verb.rawValue) needs an image reference", hint: "e.g. 'docker harbor \(verb.rawValue) app:1' (REPO[:TAG] in the default project) or PKEY/REPO[:TAG]", exitCode: .usage)
        }
        let settings = try context.settings()
        let defaults = try settings.referenceDefaults(command: context.flavor.commandPath)
        var rewritten = arguments
        var references: [ImageReference] = []
        for position in positions {
            let reference = try ImageReference.resolve(arguments[position], defaults: defaults, allowOCIScheme: false)
            references.append(reference)
            rewritten[position] = reference.description
        }
        if verb == .push, let reference = references.first {
            try await PushPermissionCheck.require(reference, settings: settings, context: context)
        }
        if let waitScan, let reference = references.first {
            let seconds = try CommandTimeout.seconds(flag: waitScan.timeout, context: context)
            try await RefusalDiagnosis.waitForScan(reference, settings: settings, seconds: seconds, context: context)
        }
        let status = try spawnAndWait(docker, context.dockerGlobalArguments + [verb.rawValue] + rewritten, context: context)
        guard status != 0 else { return }
        // docker printed its own error; Harbor's API says why, where a policy or read-only mode refused it.
        if status < 128, let reference = references.first {
            let explanation: HarborRefusalExplanation? =
                switch verb {
                case .pull, .run: await RefusalDiagnosis.explainPull(reference, settings: settings, context: context)
                case .push: await RefusalDiagnosis.explainPush(reference, settings: settings, context: context)
                case .tag: nil
                }
            if let explanation { throw explanation }
        }
        throw PassedThroughExit(status: status)
    }

    /// The docker that ran us (`DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND`, docker/cli v28.2.2,
    /// cli-plugins/manager/manager.go `PluginRunCommand`), else `docker` on PATH.
    static func dockerExecutable(_ context: CommandContext) -> String {
        if let original = context.environment["DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND"], !original.isEmpty,
           !original.hasSuffix("/docker-harbor"), original != "docker-harbor" {
            if original.contains("/") { return original }
            if let found = ExecutableSearch.find(original, in: context.environment) { return found }
        }
        return ExecutableSearch.find("docker", in: context.environment) ?? "/usr/bin/docker"
    }

    /// Runs docker for its output (its help), without a terminal.
    static func capture(_ docker: String, _ arguments: [String], context: CommandContext) throws -> String {
        let child: ChildProcess
        do {
            child = try ChildProcess(executable: docker, arguments: arguments, environment: context.environment.variables, stdout: .pipe)
        } catch {
            throw CommandFailure("cannot run \(docker): \(error.reason)", hint: "is docker installed and on PATH?")
        }
        let data = child.stdoutReader?.readDataToEndOfFile() ?? Data()
        _ = child.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Starts docker on our own stdin/stdout/stderr, forwards signals to it while it runs, and
    /// returns its exit status (128+N when a signal N ended it, as shells report it). A plain
    /// `posix_spawn`, not `ChildProcess`: docker stands in for us, so it keeps the signal
    /// dispositions we were started with (`nohup docker harbor push …` must stay immune to SIGHUP).
    static func spawnAndWait(_ docker: String, _ arguments: [String], context: CommandContext) throws -> Int32 {
        let argv = ([docker] + arguments).map { strdup($0) } + [nil]
        let envp = context.environment.variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, docker, nil, nil, argv, envp)
        guard result == 0 else {
            throw CommandFailure("cannot run \(docker): \(String(cString: strerror(result)))", hint: "is docker installed and on PATH?")
        }
        ProcessInterruption.forwardSignals(to: pid)
        defer { ProcessInterruption.stopForwarding() }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return 1 }
        }
        let low = status & 0x7f
        if low == 0 { return (status >> 8) & 0xff }
        return 128 + low
    }
}
