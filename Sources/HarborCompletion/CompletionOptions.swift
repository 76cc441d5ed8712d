import HarborCore

/// How old cached candidates may be, and how long a TAB may wait for Harbor.
public struct CompletionOptions: Sendable, Equatable {
    /// Cached lists younger than this are used without asking Harbor (`completion-ttl`).
    public var timeToLive: Duration
    /// The most a TAB waits for Harbor before it answers from the cache or with nothing
    /// (`completion-timeout`).
    public var budget: Duration

    public static let defaultTimeToLive = Duration.seconds(300)
    public static let defaultBudget = Duration.seconds(1)

    public init(timeToLive: Duration = CompletionOptions.defaultTimeToLive, budget: Duration = CompletionOptions.defaultBudget) {
        self.timeToLive = timeToLive
        self.budget = budget
    }

    /// From the settings in effect (`completion-ttl`, `completion-timeout`, or their
    /// `HARBOR_COMPLETION_*` variables), else the defaults.
    public init(settings: EffectiveSettings) {
        self.init(
            timeToLive: settings.completionTTL.map { .milliseconds(Int64($0 * 1000)) } ?? Self.defaultTimeToLive,
            budget: settings.completionTimeout.map { .milliseconds(Int64($0 * 1000)) } ?? Self.defaultBudget)
    }
}
