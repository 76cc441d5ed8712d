import Foundation
import HarborCore
import HarborRegistry
import NIOCore
import NIOHTTP1

/// Harbor's REST API (`/api/v2.0`) as far as a CLI secret may use it (goharbor/harbor v2.7.0,
/// src/server/middleware/security/oidc_cli.go, api/v2.0/swagger.yaml): the project list with the
/// caller's roles, repositories, artifacts with their tags, systeminfo.
///
/// Written against the `HTTPTransport` seam only: credentials come from a layer below
/// (the transport stack's authentication layer), never from here.
public struct HarborAPIClient: Sendable {
    /// `https://host[:port]`.
    public let baseURL: String
    let transport: any HTTPTransport
    /// Pages fetched at the same time after the first (Harbor's page size is at most 100).
    public var maxConcurrentPages: Int
    /// When every request must be over (the command's `--timeout`, or a completion's budget).
    public var deadline: NIODeadline?
    /// Largest body read into memory for one page.
    static let bodyLimit = 16 << 20
    public static let pageSize = 100

    public init(baseURL: String, transport: any HTTPTransport, maxConcurrentPages: Int = 4, deadline: NIODeadline? = nil) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.transport = transport
        self.maxConcurrentPages = max(1, maxConcurrentPages)
        self.deadline = deadline
    }

    // MARK: endpoints

    /// `GET /v2/` with the credentials: 200 means they work, 401 that they do not. The one check
    /// Harbor gives CLI secrets: on `/api/v2.0/projects` a wrong secret silently reads as
    /// anonymous and lists the public projects (goharbor/harbor v2.7.0,
    /// src/server/middleware/security/oidc_cli.go, basic_auth.go).
    public func credentialsAccepted() async throws -> Bool {
        let response = try await send(path: "/v2/")
        await response.body.discard()
        switch response.status.code {
        case 200: return true
        case 401: return false
        default: throw HarborAPIError.unexpectedStatus(Int(response.status.code), method: "GET", path: "/v2/", message: "")
        }
    }

    public func systemInfo() async throws -> HarborSystemInfo {
        try await getJSON(HarborSystemInfo.self, path: "/api/v2.0/systeminfo")
    }

    /// Every project the caller sees (members' projects and public ones), with details so the
    /// public flag is known; `nameContains` narrows on the server (Harbor's `name` is fuzzy).
    public func projects(nameContains: String? = nil) async throws -> [HarborProject] {
        var query: [(String, String)] = [("with_detail", "true")]
        if let nameContains, !nameContains.isEmpty { query.append(("name", nameContains)) }
        return try await allPages(HarborProject.self, path: "/api/v2.0/projects", query: query)
    }

    /// The repositories of `project`; `nameContains` narrows with `q=name=~…` (a *contains*
    /// match on the full name: goharbor/harbor v2.7.0, src/lib/q/builder.go).
    public func repositories(inProject project: String, nameContains: String? = nil) async throws -> [HarborRepository] {
        var query: [(String, String)] = [("sort", "name")]
        if let nameContains, !nameContains.isEmpty { query.append(("q", "name=~\(nameContains)")) }
        return try await allPages(HarborRepository.self, path: "/api/v2.0/projects/\(HarborPath.escape(project))/repositories", query: query)
    }

    /// The artifacts of `project/repository` with their tags (`with_tag=true`; the tags-only
    /// endpoint is not CLI-secret allowed). `type` narrows, e.g. `CHART`.
    /// `withPolicy` also asks for what decides a pull — the scan overview, the accessories (cosign
    /// signatures) and the tags' immutable status — all on the same CLI-secret-allowed list.
    public func artifacts(inProject project: String, repository: String, type: String? = nil, withPolicy: Bool = false) async throws
        -> [HarborArtifact]
    {
        var query: [(String, String)] = [("with_tag", "true"), ("with_label", "false"), ("with_scan_overview", withPolicy ? "true" : "false")]
        if withPolicy { query += [("with_accessory", "true"), ("with_immutable_status", "true")] }
        if let type { query.append(("q", "type=\(type)")) }
        let path = "/api/v2.0/projects/\(HarborPath.escape(project))/repositories/\(HarborPath.repositorySegment(repository))/artifacts"
        return try await allPages(HarborArtifact.self, path: path, query: query)
    }

    /// One artifact, by tag or digest, with what decides a pull; nil when there is none.
    public func artifact(inProject project: String, repository: String, reference: String) async throws -> HarborArtifact? {
        let filter = reference.hasPrefix("sha256:") ? "digest=\(reference)" : "tags=\(reference)"
        let query: [(String, String)] = [
            ("with_tag", "true"), ("with_label", "false"), ("with_scan_overview", "true"), ("with_accessory", "true"),
            ("with_immutable_status", "true"), ("q", filter),
        ]
        let path = "/api/v2.0/projects/\(HarborPath.escape(project))/repositories/\(HarborPath.repositorySegment(repository))/artifacts"
        return try await page(HarborArtifact.self, path: path, query: query, number: 1, size: 1).items.first
    }

    /// The scan's vulnerabilities, worst first, where the caller may read them: the report addition is not
    /// on the CLI-secret allow-list (goharbor/harbor v2.7.0, src/server/middleware/security/oidc_cli.go), so a
    /// CLI secret reads it only as anonymous (public projects); robots may. nil when it is not readable.
    public func vulnerabilities(inProject project: String, repository: String, digest: String) async throws -> [HarborVulnerability]? {
        let path = "/api/v2.0/projects/\(HarborPath.escape(project))/repositories/\(HarborPath.repositorySegment(repository))/artifacts/\(digest)/additions/vulnerabilities"
        let response = try await send(path: path)
        let status = Int(response.status.code)
        if status == 401 || status == 403 || status == 404 {
            _ = try? await response.body.collect(upTo: Self.bodyLimit)
            return nil
        }
        let body = try await checked(response, path: path)
        guard let reports = try? JSONDecoder().decode([String: HarborVulnerabilityReport].self, from: Data(body)) else { return nil }
        return reports.sorted { $0.key < $1.key }.first?.value.vulnerabilities.sorted { $0.rank > $1.rank || ($0.rank == $1.rank && $0.id < $1.id) }
    }

    // MARK: pagination

    /// Fetches page 1, reads `X-Total-Count`, then the remaining pages at most
    /// `maxConcurrentPages` at a time, and returns the items in page order. Without the header,
    /// pages are read one after another until a short one.
    public func allPages<Item: Decodable & Sendable>(_ item: Item.Type, path: String, query: [(String, String)]) async throws -> [Item] {
        let size = Self.pageSize
        let first = try await page(Item.self, path: path, query: query, number: 1, size: size)
        guard let total = first.total else {
            var items = first.items
            var number = 1
            var last = first.items.count
            while last == size, number < 10_000 {
                number += 1
                let next = try await page(Item.self, path: path, query: query, number: number, size: size)
                items += next.items
                last = next.items.count
            }
            return items
        }
        let pageCount = min((total + size - 1) / size, 10_000)
        guard pageCount > 1, first.items.count == size else { return first.items }
        var pages: [Int: [Item]] = [1: first.items]
        try await withThrowingTaskGroup(of: (Int, [Item]).self) { group in
            var nextPage = 2
            func startNext() {
                guard nextPage <= pageCount else { return }
                let number = nextPage
                nextPage += 1
                group.addTask { (number, try await self.page(Item.self, path: path, query: query, number: number, size: size).items) }
            }
            for _ in 0..<maxConcurrentPages { startNext() }
            while let (number, items) = try await group.next() {
                pages[number] = items
                startNext()
            }
        }
        return (1...pageCount).flatMap { pages[$0] ?? [] }
    }

    struct Page<Item: Sendable>: Sendable {
        let items: [Item]
        let total: Int?
    }

    func page<Item: Decodable & Sendable>(_ item: Item.Type, path: String, query: [(String, String)], number: Int, size: Int) async throws -> Page<Item> {
        let full = path + "?" + HarborPath.query(query + [("page", String(number)), ("page_size", String(size))])
        let response = try await send(path: full)
        let body = try await checked(response, path: path)
        do {
            let items = try JSONDecoder().decode([Item].self, from: Data(body))
            let total = response.headers.first(name: "X-Total-Count").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            return Page(items: items, total: total)
        } catch {
            throw HarborAPIError.undecodable(path: path, reason: "\(error)")
        }
    }

    // MARK: requests

    func getJSON<Value: Decodable>(_ type: Value.Type, path: String) async throws -> Value {
        let response = try await send(path: path)
        let body = try await checked(response, path: path)
        do {
            return try JSONDecoder().decode(Value.self, from: Data(body))
        } catch {
            throw HarborAPIError.undecodable(path: path, reason: "\(error)")
        }
    }

    func send(path: String) async throws -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add(name: "Accept", value: "application/json")
        // Names, never ids: a project called `123` must not be read as project id 123
        // (goharbor/harbor src/server/v2.0/handler/util.go `parseProjectNameOrID`).
        headers.add(name: "X-Is-Resource-Name", value: "true")
        return try await transport.send(HTTPRequest(method: .GET, url: baseURL + path, headers: headers, deadline: deadline))
    }

    /// The body of a 200, or the error Harbor's status and body stand for.
    func checked(_ response: HTTPResponse, path: String) async throws -> [UInt8] {
        let body = try await response.body.collect(upTo: Self.bodyLimit)
        let status = Int(response.status.code)
        guard status != 200 else { return body }
        let message = HarborErrorMessage.extract(from: body)
        switch status {
        case 401: throw HarborAPIError.unauthorized(path: path, message: message)
        case 403: throw HarborAPIError.forbidden(path: path, message: message)
        case 404: throw HarborAPIError.notFound(path: path, message: message)
        default: throw HarborAPIError.unexpectedStatus(status, method: "GET", path: path, message: message)
        }
    }
}
