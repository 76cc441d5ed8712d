import Foundation
import HarborAPI
import HarborCore
import HarborRegistry
import NIOCore

/// Projects, repositories and artifacts of one Harbor account, for completion: from the cache
/// when it is fresh, else from Harbor within the time budget, else whatever the cache still has
/// (or nothing). Never throws and never writes to the terminal.
public struct HarborCatalog: Sendable {
    public let cache: CompletionCache
    public let options: CompletionOptions
    /// Makes a client whose requests end by the given deadline; nil when there is no way to ask
    /// Harbor (no readable credentials): cache only.
    public let makeClient: (@Sendable (NIODeadline) throws -> HarborAPIClient)?
    public let now: @Sendable () -> Date
    /// When the whole TAB must be answered by.
    let started: ContinuousClock.Instant

    public init(cache: CompletionCache, options: CompletionOptions, makeClient: (@Sendable (NIODeadline) throws -> HarborAPIClient)?, now: @escaping @Sendable () -> Date = Date.init) {
        self.cache = cache
        self.options = options
        self.makeClient = makeClient
        self.now = now
        started = .now
    }

    /// What a fetch ended with, for the listing commands and the tests.
    public enum Freshness: Sendable, Equatable {
        case cached, fetched, stale, none
    }

    public func projects() async -> [HarborProject] {
        let lines = await cached(ProjectLines.cacheKey) { client in
            let listing = try await ProjectLister.list(using: client)
            return ProjectLines.encode(listing.memberProjects + listing.publicProjects)
        }.value
        return lines.map(ProjectLines.decode) ?? []
    }

    public func repositories(inProject project: String) async -> [HarborRepository] {
        await cached("repositories/\(project)") { client in
            try await client.repositories(inProject: project)
        }.value ?? []
    }

    public func artifacts(inProject project: String, repository: String) async -> [HarborArtifact] {
        await cached("artifacts/\(project)/\(repository)") { client in
            try await client.artifacts(inProject: project, repository: repository)
        }.value ?? []
    }

    /// The cached value when fresh; else a fetch within what is left of the budget (stored on
    /// success); else the stale value. Credentials Harbor rejects remove the entry: a dead
    /// secret's lists are not shown as current.
    public func cached<Value: Codable & Sendable>(_ key: String, fetch: @escaping @Sendable (HarborAPIClient) async throws -> Value) async -> (value: Value?, freshness: Freshness) {
        let entry = cache.read(key, as: Value.self)
        if let entry, entry.age(now: now()) < options.timeToLive { return (entry.value, .cached) }
        let remaining = options.budget - (ContinuousClock.now - started)
        guard let makeClient, remaining > .zero else { return (entry?.value, entry == nil ? .none : .stale) }
        let deadline = NIODeadline.now() + remaining.timeAmount
        let outcome = await TimeBudget.run(remaining) {
            try await fetch(try makeClient(deadline))
        }
        switch outcome {
        case .value(let value):
            cache.write(key, value, fetched: now())
            return (value, .fetched)
        case .failed(let error) where error is ProjectLister.CredentialsRejected || (error as? HarborAPIError)?.status == 401:
            cache.remove(key)
            return (nil, .none)
        case .failed, .timedOut:
            return (entry?.value, entry == nil ? .none : .stale)
        }
    }
}

