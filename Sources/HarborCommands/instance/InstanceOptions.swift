import ArgumentParser

/// The options of login, logout and status: the instance as a positional word, then
/// `ConnectionOptions`. The listings take the same instance as `--instance` (`ListingOptions`);
/// both spellings share one help text and one check (`InstanceArgument`).
struct InstanceOptions: ParsableArguments {
    @Argument(help: InstanceArgument.help)
    var instance: String?

    @OptionGroup var connection: ConnectionOptions

    var caFile: String? { connection.caFile }
    var timeout: Int? { connection.timeout }
}
