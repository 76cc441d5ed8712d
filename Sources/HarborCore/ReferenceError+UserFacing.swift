/// A reference that does not parse exits 1, as docker's own `docker pull BAD` does
/// ("invalid reference format", docker/cli cli/command/image/pull.go), not with the usage status.
extension ReferenceError: UserFacingError {
    public var exitStatus: ExitStatus { .failure }
}
