import ArgumentParser
import Foundation
import HarborCore

/// `{{.Field}}` substitution, the part of Go's text/template docker users write in `--format`.
package enum TemplateText {
    package static func fields(in text: String) throws -> [String] {
        var names: [String] = []
        _ = try render(text) { name in
            names.append(name)
            return ""
        }
        return names
    }

    package static func render(_ text: String, value: (String) -> String?) throws -> String {
        var result = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            result += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw CommandFailure("template: unclosed action: a '{{' has no '}}'", hint: "write fields as {{.Name}}")
            }
            let action = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard action.hasPrefix("."), action.count > 1, action.dropFirst().allSatisfy({ $0.isLetter || $0.isNumber }) else {
                throw CommandFailure("template: '{{\(action)}}' is not supported", hint: "only fields are: write them as {{.Name}}")
            }
            let name = String(action.dropFirst())
            guard let text = value(name) else {
                throw CommandFailure("template: the field .\(name) does not exist")
            }
            result += text
            rest = rest[close.upperBound...]
        }
        return result + rest
    }
}
