import ArgumentParser
import Foundation
import HarborAPI
import HarborCore

/// A PKEY argument, or the configured project.
enum ProjectArgument {
    static func resolve(_ word: String?, settings: EffectiveSettings, context: CommandContext) throws -> String {
        if let word {
            if let issue = ImageReference.projectNameIssue(word) {
                throw CommandFailure("invalid project key \"\(word)\": \(issue)", hint: "Harbor project keys are lower case, e.g. 'pkey'", exitCode: .usage)
            }
            return word
        }
        guard let project = settings.project else {
            throw CommandFailure(
                "no project given and no default project configured",
                hint: "name one, or set a default with '\(context.flavor.commandPath) use CUSTOMER PKEY'; '\(context.flavor.commandPath) projects' lists yours",
                exitCode: .usage)
        }
        return project
    }
}
