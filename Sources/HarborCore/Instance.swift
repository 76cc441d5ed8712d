/// One Harbor installation, addressed by `host[:port]`.
public struct Instance: Hashable, Sendable, CustomStringConvertible {
    public let host: String
    /// The customer name when the host fits the host template (DevOps-as-a-Service).
    public let customer: String?
    /// The name of a configured instance this came from, if any.
    public let alias: String?

    public init(host: String, customer: String? = nil, alias: String? = nil) {
        self.host = host
        self.customer = customer
        self.alias = alias
    }

    public var description: String { host }

    /// The host without the port (and without IPv6 brackets).
    public var hostname: String {
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            return String(host[host.index(after: host.startIndex)..<close])
        }
        return host.split(separator: ":", maxSplits: 1).first.map(String.init) ?? host
    }

    /// True for localhost, 127.0.0.0/8 and ::1: the only places a secret may travel over plain HTTP.
    public var isLoopback: Bool {
        let name = hostname.lowercased()
        if name == "localhost" || name == "::1" { return true }
        let octets = name.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// DNS-label rule for customer names: lower-case letters, digits and inner dashes, at most 63.
    public static func customerNameIssue(_ name: String) -> String? {
        if name.isEmpty { return "the customer name is empty" }
        if name.count > 63 { return "customer name '\(name)' is longer than 63 characters" }
        for (offset, c) in name.enumerated() {
            guard c.isASCII, c.isLetter || c.isNumber || c == "-" else {
                return "'\(c)' at position \(offset + 1) is not allowed in customer name '\(name)' (letters, digits and '-')"
            }
        }
        if name.hasPrefix("-") || name.hasSuffix("-") { return "customer name '\(name)' cannot start or end with '-'" }
        return nil
    }

    /// Reads what a user typed for an instance: a host (`harbor.example.com`, `host:port`, `https://host/…`),
    /// the name of a configured instance, or a customer name put into the host template.
    public static func resolve(_ word: String, settings: EffectiveSettings) throws(InstanceError) -> Instance {
        var text = word.trimmingCharacters(in: .whitespaces)
        if let range = text.range(of: "://") {
            // Like docker's ConvertToHostname: keep host[:port], drop scheme and path.
            text = String(text[range.upperBound...])
            if let slash = text.firstIndex(of: "/") { text = String(text[..<slash]) }
        } else if text.contains("/") {
            throw InstanceError(message: "'\(word)' is not an instance: it contains '/'", hint: "give a customer name, a configured instance name or HOST[:PORT]")
        }
        if text.isEmpty { throw InstanceError(message: "the instance name is empty", hint: "give a customer name or HOST[:PORT]") }

        if let host = settings.instances[text] {
            return Instance(host: host, customer: settings.hostTemplate.customer(forHost: host), alias: text)
        }
        let looksLikeHost = text.contains(".") || text.contains(":") || text.hasPrefix("[") || text.lowercased() == "localhost"
        if looksLikeHost {
            guard ReferenceGrammar.isValidDomain(text) else {
                throw InstanceError(message: "'\(text)' is not a valid registry host", hint: ReferenceGrammar.hostRule)
            }
            return Instance(host: text, customer: settings.hostTemplate.customer(forHost: text))
        }
        let customer = text.lowercased()
        if let issue = customerNameIssue(customer) {
            throw InstanceError(message: issue, hint: "give a customer name like 'acme' (for \(settings.hostTemplate.host(forCustomer: "acme"))) or HOST[:PORT]")
        }
        return Instance(host: settings.hostTemplate.host(forCustomer: customer), customer: customer)
    }
}

import Foundation
