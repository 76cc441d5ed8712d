import ArgumentParser

/// `--ca-file` and `--timeout`: what TLS trusts for the instance and how long the command may
/// take. Declared once and grouped into every command that talks to Harbor (`InstanceOptions`,
/// `ListingOptions`, `helm harbor push`), so their help and their checks cannot drift apart.
struct ConnectionOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp("Trust this CA certificate (PEM) for the instance, besides the system's, SSL_CERT_FILE and /etc/docker/certs.d/HOST/.", valueName: "file"),
        completion: .file())
    var caFile: String?

    /// Whole seconds, at least 1 (`CommandTimeout.seconds(from:)`): `--timeout 0` is a usage
    /// mistake in every command, as `HARBOR_TIMEOUT=0` is.
    @Option(
        help: ArgumentHelp("Seconds the whole command may take (default: HARBOR_TIMEOUT, else \(CommandTimeout.defaultSeconds)).", valueName: "seconds"),
        transform: CommandTimeout.seconds(from:))
    var timeout: Int? = nil
}
