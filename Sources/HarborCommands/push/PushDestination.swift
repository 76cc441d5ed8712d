import ArgumentParser
import HarborAPI
import Foundation
import HarborCharts
import HarborCore
import HarborCredentials
import HarborRegistry

/// The push target: instance and project, from `PKEY`, `HOST/PKEY`, `oci://HOST/PKEY` or the defaults.
struct PushDestination {
    let instance: Instance
    let project: String
    /// `http://HOST/PKEY` on a loopback host: no HTTPS attempt first.
    var plainHTTP = false

    static func resolve(_ word: String?, context: CommandContext, settings: EffectiveSettings) throws -> PushDestination {
        guard var word else {
            guard let project = settings.project else {
                throw CommandFailure("no target project given and no default project configured", hint: "add the target (PKEY or HOST/PKEY), or set a default with '\(context.flavor.commandPath) use CUSTOMER PKEY'", exitCode: .usage)
            }
            return PushDestination(instance: try InstanceArgument.resolve(nil, context: context, settings: settings), project: project)
        }
        var plainHTTP = false
        if word.hasPrefix("oci://") {
            word.removeFirst("oci://".count)
        } else if word.lowercased().hasPrefix("http://") {
            word.removeFirst("http://".count)
            plainHTTP = true
        } else if word.lowercased().hasPrefix("https://") {
            word.removeFirst("https://".count)
        }
        while word.hasSuffix("/") { word.removeLast() }
        let instance: Instance
        let project: String
        if let slash = word.firstIndex(of: "/") {
            instance = try InstanceArgument.resolve(String(word[..<slash]), context: context, settings: settings)
            project = String(word[word.index(after: slash)...])
        } else {
            instance = try InstanceArgument.resolve(nil, context: context, settings: settings)
            project = word
        }
        if plainHTTP, !instance.isLoopback {
            throw CommandFailure("cannot push to \(instance.host)", TransportError.plainHTTPRefused(host: instance.host))
        }
        if let issue = ImageReference.projectNameIssue(project.split(separator: "/").first.map(String.init) ?? project) {
            throw CommandFailure("invalid project \"\(project)\": \(issue)", exitCode: .usage)
        }
        return PushDestination(instance: instance, project: project, plainHTTP: plainHTTP)
    }
}
