/// A customer, host or setting that cannot name an instance: a usage mistake in every command
/// (`login acme_x` and `use acme_x` alike).
extension InstanceError: UserFacingError {
    public var exitStatus: ExitStatus { .usage }
}
