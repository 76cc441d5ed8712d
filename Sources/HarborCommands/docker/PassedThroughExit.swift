/// The exit status of a docker we ran for the user: passed on as it is, with nothing printed.
struct PassedThroughExit: Error, Sendable {
    let status: Int32
}
