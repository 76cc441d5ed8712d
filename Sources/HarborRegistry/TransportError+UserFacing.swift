import HarborCore

/// One status per kind of network failure, the same in every command.
extension TransportError: UserFacingError {
    public var message: String { description }

    public var exitStatus: ExitStatus {
        switch self {
        case .unknownHost: .unknownHost
        // A proxy that cannot be reached is a connection problem like a refused port.
        case .connectionRefused, .proxyFailure, .proxyMisconfigured: .connectionRefused
        case .tlsFailure, .unreadableCertificate: .tlsFailure
        case .timeout, .stalled: .timeout
        case .plainHTTPRefused: .insecureTransport
        case .connectionLost, .other: .unexpectedAnswer
        }
    }
}

extension ConnectionError: UserFacingError {
    public var message: String { reason.message }
    public var hint: String? { reason.hint }
    public var exitStatus: ExitStatus { reason.exitStatus }
}
