import ArgumentParser

/// The options every command that talks to an instance shares: which instance, what TLS trusts
/// for it, and how long the command may take. One definition, so the same mistake (say
/// `--timeout 0`) gets the same message and exit status in login, logout, status and the rest.
struct InstanceOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Customer name, configured instance or HOST[:PORT]; default: the configured instance.", valueName: "instance"))
    var instance: String?

    @Option(help: ArgumentHelp("Trust this CA certificate (PEM) for the instance, besides the system's, SSL_CERT_FILE and /etc/docker/certs.d/HOST/.", valueName: "file"))
    var caFile: String?

    @Option(help: ArgumentHelp("Seconds the whole command may take (default: HARBOR_TIMEOUT, else 30).", valueName: "seconds"))
    var timeout: Int?

    func validate() throws {
        if let timeout, timeout < 1 { throw ValidationError("--timeout must be at least 1 second") }
    }

    static let completionFlags = [CompletionCandidate("--ca-file", "Trust this CA certificate"), CompletionCandidate("--timeout", "Seconds the command may take")]
    static let valueFlags: Set<String> = ["--ca-file", "--timeout"]
}
