import HarborCore
import HarborRegistry

extension CommandFailure {
    /// Any error of the layers below, as a command failure that says what was being done
    /// ("cannot reach HOST: …"), with the error's own hint, status and debug detail; errors that
    /// are not `UserFacingError` are passed on as they are.
    static func doing(_ what: String, _ error: any Error) -> any Error {
        if error is CommandFailure { return error }
        if let error = error as? any UserFacingError { return CommandFailure(what, error) }
        return error
    }
}

extension ExitStatus {
    /// The name this had while the statuses lived in HarborCommands.
    @available(*, deprecated, renamed: "CommandFailure.doing")
    static func failure(_ error: any Error, doing what: String) -> any Error {
        CommandFailure.doing(what, error)
    }

    @available(*, deprecated, message: "use CommandFailure(what, error)")
    static func failure(_ error: TransportError, doing what: String) -> CommandFailure {
        CommandFailure(what, error)
    }
}
