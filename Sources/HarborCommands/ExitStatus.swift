import HarborRegistry

/// Exit statuses beyond 0 (success), 1 (error) and the usage status (125 docker, 1 helm), so
/// that scripts can tell the outcomes of `login` apart. Listed in the README.
public enum ExitStatus {
    public static let credentialsRejected: Int32 = 3
    public static let unknownHost: Int32 = 4
    public static let connectionRefused: Int32 = 5
    public static let tlsFailure: Int32 = 6
    public static let timeout: Int32 = 7
    public static let insecureTransport: Int32 = 8
    public static let unexpectedAnswer: Int32 = 9
    public static let pipelinePolicy: Int32 = 10

    static func failure(_ error: TransportError, doing what: String) -> CommandFailure {
        let status: Int32 = switch error {
        case .unknownHost: unknownHost
        case .connectionRefused: connectionRefused
        case .tlsFailure, .unreadableCertificate: tlsFailure
        case .timeout, .stalled: timeout
        case .plainHTTPRefused: insecureTransport
        // A proxy that cannot be reached is a connection problem like a refused port.
        case .proxyFailure, .proxyMisconfigured: connectionRefused
        case .connectionLost, .other: unexpectedAnswer
        }
        return CommandFailure("\(what): \(error)", hint: error.hint, exitCode: status)
    }

    /// Any error of the transport layers, as a command failure with the matching exit status.
    static func failure(_ error: any Error, doing what: String) -> any Error {
        switch error {
        case let error as ConnectionError:
            return failure(error.reason, doing: what)
        case let error as TransportError:
            return failure(error, doing: what)
        case let error as AuthenticationError:
            return CommandFailure("\(what): \(error)", hint: "Harbor's token service is in trouble or not where the registry says; try again later", exitCode: unexpectedAnswer)
        case let error as NetworkNotConfigured:
            return CommandFailure("\(what): \(error)", exitCode: 1)
        default:
            return error
        }
    }
}
