import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1

/// Talks to the child registry directly with tokens the sandbox mints for itself. Used to seed content
/// and to answer Harbor's repository/artifact API from what is really stored.
struct RegistryClient: Sendable {
    let http: HTTPClient
    let baseURL: String
    let issuer: TokenIssuer

    static let manifestMediaTypes = [
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
    ]

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private func token(_ access: [ResourceActions]) throws -> String {
        try issuer.mint(subject: "harbor-sandbox", access: access).token
    }

    private func repositoryToken(_ repository: String, _ actions: [String] = ["pull"]) throws -> String {
        try token([ResourceActions(type: "repository", name: repository, actions: actions)])
    }

    private func send(
        _ method: HTTPMethod, _ pathAndQuery: String, token: String, headers: [(String, String)] = [], body: ByteBuffer? = nil
    ) async throws -> (HTTPClientResponse, ByteBuffer) {
        var request = HTTPClientRequest(url: baseURL + pathAndQuery)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(body) }
        let response = try await http.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return (response, bytes)
    }

    /// All repository names (`PKEY/…`), page by page (the registry caps `n` at 1000).
    func catalog() async throws -> [String] {
        struct Catalog: Decodable { let repositories: [String]? }
        let token = try token([ResourceActions(type: "registry", name: "catalog", actions: ["*"])])
        var names: [String] = []
        var last: String?
        while true {
            let query = "n=1000" + (last.map { "&last=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)" } ?? "")
            let (response, body) = try await send(.GET, "/v2/_catalog?\(query)", token: token)
            guard response.status == .ok else { throw Failure(description: "registry catalog: HTTP \(response.status.code)") }
            let page = try JSONDecoder().decode(Catalog.self, from: Data(buffer: body)).repositories ?? []
            names += page
            guard page.count == 1000, response.headers.first(name: "Link") != nil, let next = page.last else { return names }
            last = next
        }
    }

    /// Tags of one repository; empty when it has none (or no longer exists).
    func tags(_ repository: String) async throws -> [String] {
        struct Tags: Decodable { let tags: [String]? }
        let (response, body) = try await send(.GET, "/v2/\(repository)/tags/list", token: repositoryToken(repository))
        guard response.status == .ok else { return [] }
        return (try? JSONDecoder().decode(Tags.self, from: Data(buffer: body)).tags) ?? []
    }

    struct Manifest: Sendable {
        let digest: String
        let mediaType: String
        let data: Data
    }

    func manifest(_ repository: String, reference: String) async throws -> Manifest? {
        let (response, body) = try await send(
            .GET, "/v2/\(repository)/manifests/\(reference)", token: repositoryToken(repository),
            headers: [("Accept", RegistryClient.manifestMediaTypes.joined(separator: ", "))])
        guard response.status == .ok else { return nil }
        let data = Data(buffer: body)
        let digest = response.headers.first(name: "Docker-Content-Digest") ?? sha256Digest(data)
        let mediaType = response.headers.first(name: "Content-Type") ?? ""
        return Manifest(digest: digest, mediaType: mediaType, data: data)
    }

    func blob(_ repository: String, digest: String) async throws -> Data? {
        let (response, body) = try await send(.GET, "/v2/\(repository)/blobs/\(digest)", token: repositoryToken(repository))
        // filesystem storage serves blobs itself; a redirect would mean another storage driver
        guard response.status == .ok else { return nil }
        return Data(buffer: body)
    }

    /// Monolithic upload: `POST …/blobs/uploads/` then `PUT <location>&digest=…`.
    @discardableResult
    func pushBlob(_ repository: String, _ data: Data) async throws -> String {
        let digest = sha256Digest(data)
        let token = try repositoryToken(repository, ["pull", "push"])
        let (start, _) = try await send(.POST, "/v2/\(repository)/blobs/uploads/", token: token)
        guard start.status == .accepted, let location = start.headers.first(name: "Location") else {
            throw Failure(description: "registry refused a blob upload to \(repository): HTTP \(start.status.code)")
        }
        let separator = location.contains("?") ? "&" : "?"
        let path = location.hasPrefix("http") ? String(location.drop { $0 != "/" }.dropFirst(2).drop { $0 != "/" }) : location
        let (finish, _) = try await send(
            .PUT, path + separator + "digest=\(digest)", token: token,
            headers: [("Content-Type", "application/octet-stream"), ("Content-Length", String(data.count))],
            body: ByteBuffer(bytes: data))
        guard finish.status == .created else {
            throw Failure(description: "registry refused blob \(digest) in \(repository): HTTP \(finish.status.code)")
        }
        return digest
    }

    @discardableResult
    func pushManifest(_ repository: String, reference: String, _ data: Data, mediaType: String) async throws -> String {
        let (response, _) = try await send(
            .PUT, "/v2/\(repository)/manifests/\(reference)", token: repositoryToken(repository, ["pull", "push"]),
            headers: [("Content-Type", mediaType)], body: ByteBuffer(bytes: data))
        guard response.status == .created else {
            throw Failure(description: "registry refused manifest \(repository):\(reference): HTTP \(response.status.code)")
        }
        return response.headers.first(name: "Docker-Content-Digest") ?? sha256Digest(data)
    }
}

package func sha256Digest(_ data: some DataProtocol) -> String {
    "sha256:" + SHA256.hash(data: Data(data)).map { String(format: "%02x", $0) }.joined()
}
