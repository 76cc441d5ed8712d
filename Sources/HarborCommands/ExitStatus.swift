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
        case .timeout: timeout
        case .plainHTTPRefused: insecureTransport
        case .connectionLost, .other: unexpectedAnswer
        }
        return CommandFailure("\(what): \(error)", hint: error.hint, exitCode: status)
    }
}
