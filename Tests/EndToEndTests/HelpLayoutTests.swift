import Foundation
import HarborTestSupport
import Testing

/// Our help next to docker's and helm's own help for a built-in command, section by section
/// (sections are separated by blank lines): the same sequence of kinds of section, the same
/// usage line form, and flag tables in pflag's columns.
struct HelpLayoutTests {
    let home: TestHome

    init() async throws {
        home = try await TestHome.installed()
    }

    enum Section: Equatable {
        case usage, text, options, commands, runHint, flags, globalFlags, availableCommands, useHint
    }

    /// The kinds of the blank-line separated sections, consecutive text sections merged.
    static func shape(_ help: String) -> [Section] {
        var kinds: [Section] = []
        for section in help.components(separatedBy: "\n\n") where !section.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            let kind: Section
            if section.hasPrefix("Usage:") { kind = .usage }
            else if section.hasPrefix("Options:\n") { kind = .options }
            else if section.hasPrefix("Commands:\n") { kind = .commands }
            else if section.hasPrefix("Run '") { kind = .runHint }
            else if section.hasPrefix("Flags:\n") { kind = .flags }
            else if section.hasPrefix("Global Flags:\n") { kind = .globalFlags }
            else if section.hasPrefix("Available Commands:\n") { kind = .availableCommands }
            else if section.hasPrefix("Use \"") { kind = .useHint }
            else { kind = .text }
            if kind == .text, kinds.last == .text { continue }
            kinds.append(kind)
        }
        return kinds
    }

    /// The columns of a flag table (the section's lines after its title): where each flag's
    /// help starts. pflag puts every help in one column, three spaces after the longest flag.
    static func helpColumns(_ help: String, title: String) throws -> (columns: Set<Int>, gaps: [Int]) {
        let section = try #require(help.components(separatedBy: "\n\n").first { $0.hasPrefix(title) })
        let pattern = try NSRegularExpression(pattern: #"^( {2}-\S, --\S+| {6}--\S+)( \S+)?( {2,})\S"#)
        var columns: Set<Int> = []
        var gaps: [Int] = []
        for line in section.split(separator: "\n").dropFirst() {
            let text = String(line)
            guard let match = pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { continue }
            let gap = match.range(at: 3)
            columns.insert(gap.location + gap.length)
            gaps.append(gap.length)
        }
        return (columns, gaps)
    }

    func docker(_ arguments: [String]) async throws -> CompletedProcess {
        try await ProcessRunner.run("docker", arguments, environment: home.dockerEnvironment)
    }

    @Test func dockerLeafCommand() async throws {
        let theirs = try await docker(["login", "--help"]).stdout
        let ours = try await docker(["harbor", "login", "--help"]).stdout
        #expect(Self.shape(theirs) == [.usage, .text, .options], "\(theirs)")
        #expect(Self.shape(ours) == Self.shape(theirs), "\(ours)")
        #expect(theirs.hasPrefix("Usage:  docker login [OPTIONS] [SERVER]\n"))
        #expect(ours.hasPrefix("Usage:  docker harbor login [OPTIONS] [INSTANCE]\n"))
        for help in [theirs, ours] {
            let table = try Self.helpColumns(help, title: "Options:")
            #expect(table.columns.count == 1, "one help column: \(help)")
            #expect(table.gaps.min() == 3, "three spaces after the longest flag: \(help)")
        }
        // docker hides its help flag; so do we.
        #expect(!theirs.contains("-h, --help") && !ours.contains("-h, --help"))
    }

    @Test func wrappedDockerCommandsShowDockersOwnOptions() async throws {
        for verb in ["pull", "push", "tag", "run"] {
            let theirs = try await docker([verb, "--help"]).stdout
            let ours = try await docker(["harbor", verb, "--help"]).stdout
            #expect(Self.shape(ours) == Self.shape(theirs), "\(ours)")
            let theirOptions = theirs.components(separatedBy: "\n\n").first { $0.hasPrefix("Options:") }
            let ourOptions = ours.components(separatedBy: "\n\n").first { $0.hasPrefix("Options:") }
            #expect(ourOptions == theirOptions?.trimmingCharacters(in: .newlines), "\(verb)")
            #expect(ours.hasPrefix("Usage:  docker harbor \(verb) "), "\(ours)")
        }
    }

    @Test func dockerCommandGroup() async throws {
        let theirs = try await docker(["image", "--help"]).stdout
        let ours = try await docker(["harbor", "--help"]).stdout
        #expect(Self.shape(theirs) == [.usage, .text, .commands, .runHint], "\(theirs)")
        #expect(Self.shape(ours) == Self.shape(theirs), "\(ours)")
        #expect(theirs.hasPrefix("Usage:  docker image COMMAND\n"))
        #expect(ours.hasPrefix("Usage:  docker harbor COMMAND\n"))
        #expect(ours.hasSuffix("\n\nRun 'docker harbor COMMAND --help' for more information on a command.\n"))
        // cobra pads command names to at least 11 columns.
        #expect(theirs.contains("\n  build       Build"))
        #expect(ours.contains("\n  login       Log in"))
    }

    @Test(arguments: ["3.17.3", "4.3.1"])
    func helmLeafAndGroup(_ version: String) async throws {
        let helm = try Helm.binary(version: version)
        let environment = home.environment.merging(["HELM_PLUGINS": home.path + "/.local/share/helm/plugins"]) { $1 }
        let theirsLeaf = try await ProcessRunner.run(helm, ["registry", "login", "--help"], environment: environment).stdout
        let oursLeaf = try await ProcessRunner.run(helm, ["harbor", "login", "--help"], environment: environment).stdout
        #expect(Self.shape(theirsLeaf) == [.text, .usage, .flags, .globalFlags], "\(theirsLeaf)")
        #expect(Self.shape(oursLeaf) == Self.shape(theirsLeaf), "\(oursLeaf)")
        #expect(theirsLeaf.contains("\nUsage:\n  helm registry login [host] [flags]\n"))
        #expect(oursLeaf.contains("\nUsage:\n  helm harbor login [instance] [flags]\n"))
        for help in [theirsLeaf, oursLeaf] {
            let table = try Self.helpColumns(help, title: "Flags:")
            #expect(table.columns.count == 1, "\(help)")
            #expect(table.gaps.min() == 3, "\(help)")
            #expect(help.contains("  -h, --help "))
        }

        let theirsGroup = try await ProcessRunner.run(helm, ["registry", "--help"], environment: environment).stdout
        let oursGroup = try await ProcessRunner.run(helm, ["harbor", "--help"], environment: environment).stdout
        #expect(Self.shape(theirsGroup) == [.text, .usage, .availableCommands, .flags, .globalFlags, .useHint], "\(theirsGroup)")
        #expect(Self.shape(oursGroup) == Self.shape(theirsGroup), "\(oursGroup)")
        #expect(oursGroup.hasSuffix("\n\nUse \"helm harbor [command] --help\" for more information about a command.\n"))
    }

    @Test func helm3PluginListShowsOneLine() async throws {
        let helm = try Helm.binary(version: "3.17.3")
        let environment = home.environment.merging(["HELM_PLUGINS": home.path + "/.local/share/helm/plugins"]) { $1 }
        let list = try await ProcessRunner.run(helm, ["plugin", "list"], environment: environment)
        #expect(list.status == 0, "\(list)")
        let lines = list.stdout.split(separator: "\n")
        #expect(lines.count == 2, "a header and one row: \(list.stdout)")
        #expect(lines.last?.hasPrefix("harbor") == true)
    }
}
