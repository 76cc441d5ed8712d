import ArgumentParser
import HarborCore

/// `docker harbor parse REF`: shows how a reference is read and completed from the defaults.
struct ParseCommand: AsyncParsableCommand, CompletionDescribing {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Show the parts of an image or chart reference",
        discussion: """
            Accepts HOST/PKEY/REPO[:TAG][@sha256:DIGEST], and the short forms PKEY/REPO[:TAG] and \
            REPO[:TAG], which are completed from the default instance and project \
            (see 'use'). Helm's oci:// form is accepted too.
            """
    )

    @Argument(help: ArgumentHelp("The reference to read.", valueName: "reference"))
    var reference: String

    @OptionGroup var formatting: OutputFormatOption

    static func completePositional(_ index: Int, prefix: String, context: CommandContext) async -> CompletionResult {
        index == 0 ? await context.completeReference(prefix, purpose: .pull) : CompletionResult([])
    }

    struct Parts: Encodable {
        let input: String
        let canonical: String
        let host: String
        let customer: String?
        let project: String
        let repository: String
        let path: String
        let tag: String?
        let digest: String?

        enum CodingKeys: String, CodingKey { case input, canonical, host, customer, project, repository, path, tag, digest }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(input, forKey: .input)
            try container.encode(canonical, forKey: .canonical)
            try container.encode(host, forKey: .host)
            try container.encode(customer, forKey: .customer)
            try container.encode(project, forKey: .project)
            try container.encode(repository, forKey: .repository)
            try container.encode(path, forKey: .path)
            try container.encode(tag, forKey: .tag)
            try container.encode(digest, forKey: .digest)
        }
    }

    func run() async throws {
        let context = CommandContext.current
        let settings = try context.settings()
        let defaults = try settings.referenceDefaults(command: context.flavor.commandPath)
        let resolved = try ImageReference.resolve(reference, defaults: defaults, allowOCIScheme: true)
        let parts = Parts(
            input: reference, canonical: resolved.description, host: resolved.host,
            customer: settings.hostTemplate.customer(forHost: resolved.host), project: resolved.project,
            repository: resolved.repository, path: resolved.path, tag: resolved.tag, digest: resolved.digest?.description)
        switch formatting.format {
        case .json:
            context.output.print(try JSONOutput.string(parts))
        case .text:
            let rows: [(String, String)] = [
                ("Reference", parts.canonical),
                ("Host", parts.host),
                ("Customer", parts.customer ?? "-"),
                ("Project", parts.project),
                ("Repository", parts.repository),
                ("Tag", parts.tag ?? "-"),
                ("Digest", parts.digest ?? "-"),
            ]
            for (label, value) in rows {
                context.output.print(label.padding(toLength: 12, withPad: " ", startingAt: 0) + value)
            }
        }
    }
}

import Foundation
