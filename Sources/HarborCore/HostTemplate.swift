/// Turns a customer name into a Harbor host and back.
///
/// DevOps-as-a-Service runs one Harbor per customer at `registry-CUSTOMER.devops.t-systems.net`;
/// other installations set their own template (`harbor-{customer}.example.com`) or name hosts directly.
public struct HostTemplate: Hashable, Sendable, CustomStringConvertible {
    public static let placeholder = "{customer}"
    public static let devOpsAsAService = HostTemplate(unchecked: "registry-{customer}.devops.t-systems.net")

    public let pattern: String

    init(unchecked pattern: String) { self.pattern = pattern }

    /// A template must contain `{customer}` once and give a valid host for a valid customer.
    public init(_ pattern: String) throws(InstanceError) {
        let parts = pattern.components(separatedBy: HostTemplate.placeholder)
        guard parts.count == 2 else {
            throw InstanceError(message: "host template '\(pattern)' must contain \(HostTemplate.placeholder) exactly once", hint: "for example registry-{customer}.devops.t-systems.net")
        }
        let sample = parts.joined(separator: "customer")
        guard ReferenceGrammar.isValidDomain(sample) else {
            throw InstanceError(message: "host template '\(pattern)' does not give a valid host name", hint: "for example harbor-{customer}.example.com")
        }
        self.pattern = pattern
    }

    public var description: String { pattern }

    public func host(forCustomer customer: String) -> String {
        pattern.replacingOccurrences(of: HostTemplate.placeholder, with: customer)
    }

    /// The customer whose host this is, if the host fits the template.
    public func customer(forHost host: String) -> String? {
        let parts = pattern.components(separatedBy: HostTemplate.placeholder)
        guard parts.count == 2 else { return nil }
        let lower = host.lowercased()
        guard lower.hasPrefix(parts[0].lowercased()), lower.hasSuffix(parts[1].lowercased()),
              lower.count > parts[0].count + parts[1].count
        else { return nil }
        let customer = String(lower.dropFirst(parts[0].count).dropLast(parts[1].count))
        return Instance.customerNameIssue(customer) == nil ? customer : nil
    }
}

import Foundation
