import ArgumentParser
import Foundation
import HarborCore
import HarborDoctor
import HarborRegistry

/// `docker harbor doctor` / `helm harbor doctor`: one report on everything between this machine
/// and an instance, each line ok, warning or failure with the fix (`HarborDoctor` gathers the
/// facts and judges them). Exits 1 when a line failed; warnings alone exit 0.
struct DoctorCommand: AsyncParsableCommand, CompletionDescribing {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the way to a Harbor instance, the login and what docker and Helm will use",
        discussion: """
            Checks name resolution, the proxy, TLS trust, the clock, Harbor's token service, the answers, \
            the version, the credentials and their 30-day window, docker's and Helm's view of the login, and \
            your role in the default project. Exit status 1 when a check failed; warnings alone exit 0.
            """)

    @OptionGroup var options: InstanceOptions
    @OptionGroup var output: OutputFormatOption

    static func completePositional(_ index: Int, prefix: String, context: CommandContext) -> CompletionResult {
        LoginCommand.completePositional(index, prefix: prefix, context: context)
    }

    func run() async throws {
        let context = CommandContext.current
        let settings = try context.settings()
        let instance = try InstanceArgument.resolve(options.instance, context: context, settings: settings)
        let seconds = try CommandTimeout.seconds(flag: options.timeout, context: context)
        // The default project belongs to the default instance.
        let isDefault = (try? settings.defaultInstance())??.host == instance.host
        let facts = DoctorFacts(
            instance: instance, now: context.clock.now(), environment: context.environment, caFile: options.caFile,
            defaultProject: isDefault ? settings.project : nil, robotPrefixes: settings.robotPrefixes,
            consumer: context.credentialConsumer)
        let out = context.output
        var trace: TracingTransport.Sink?
        if context.debug { trace = { line in out.printError(line) } }
        let gatherer = DoctorFactGatherer(
            facts: facts, chain: context.credentialChain(settings), network: context.network, clock: context.clock,
            timeout: .seconds(seconds), userAgent: context.flavor.userAgent, trace: trace)
        let gathered = await gatherer.gather()
        let report = DoctorReport(instance: instance.host, findings: DoctorChecks.evaluate(gathered))
        switch output.format {
        case .text: out.write(DoctorTextRenderer.render(report))
        case .json: out.print(try DoctorJSONRenderer.render(report))
        }
        let failures = report.findings.filter { $0.status == .failure }.count
        if failures > 0 {
            throw CommandFailure("\(failures) of \(report.findings.count) checks failed for \(instance.host)", hint: "each failed line above says what to do", exitCode: .failure)
        }
    }
}
