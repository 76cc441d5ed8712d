#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Looks a host name up as the system resolver does (`getaddrinfo`), for `doctor`'s first line.
/// Injectable so tests can choose the answer.
public struct HostResolver: Sendable {
    public let resolve: @Sendable (String) -> DoctorFacts.AddressLookup

    public init(resolve: @escaping @Sendable (String) -> DoctorFacts.AddressLookup) {
        self.resolve = resolve
    }

    /// The system resolver: every distinct address, IPv4 and IPv6, in the resolver's order.
    public static let system = HostResolver { name in
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(name, nil, &hints, &list)
        guard status == 0 else { return .failed(String(cString: gai_strerror(status))) }
        defer { freeaddrinfo(list) }
        var addresses: [String] = []
        var entry = list
        while let current = entry {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(current.pointee.ai_addr, current.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if !addresses.contains(text) { addresses.append(text) }
            }
            entry = current.pointee.ai_next
        }
        return addresses.isEmpty ? .failed("no addresses") : .resolved(addresses)
    }
}
