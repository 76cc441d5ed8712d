import Foundation

/// The project policies Harbor applies to registry requests after `v2auth` let them through
/// (goharbor/harbor v2.7.0, src/server/registry/route.go):
/// - GET/HEAD `/v2/NAME/manifests/REF`: cosign (src/server/middleware/contenttrust/cosign.go), then
///   vulnerability prevention (src/server/middleware/vulnerable/vulnerable.go);
/// - PUT `/v2/NAME/manifests/REF`: immutable tags (src/server/middleware/immutable/pushmf.go), then the
///   storage quota (src/server/middleware/quota/put_manifest.go);
/// Harbor also checks the quota when a blob upload completes; the sandbox counts a push at its
/// manifest, where the sizes of all its blobs are declared, so a refused push leaves no manifest or tag.
struct RegistryPolicyGate: Sendable {
    let state: SandboxState
    let client: RegistryClient

    struct ManifestRequest {
        let repository: String
        let reference: String
        var project: String { String(repository.split(separator: "/").first ?? "") }
        /// The repository inside its project, as Harbor's `ParseRepository` splits it.
        var repositoryInProject: String { String(repository.split(separator: "/", maxSplits: 1).dropFirst().first ?? "") }
        var isDigest: Bool { reference.hasPrefix("sha256:") }
    }

    static func manifestRequest(path: String) -> ManifestRequest? {
        guard let repository = V2Access.repositoryName(path: path) else { return nil }
        let rest = path.dropFirst("/v2/".count + repository.count)
        guard rest.hasPrefix("/manifests/") else { return nil }
        return ManifestRequest(repository: repository, reference: String(rest.dropFirst("/manifests/".count)))
    }

    /// Pull checks; nil when the pull may go on.
    func checkPull(_ request: ManifestRequest) async throws -> HarborError? {
        let policy = state.policy(project: request.project)
        guard policy.cosignRequired || policy.preventVulnerable else { return nil }
        guard let manifest = try await client.manifest(request.repository, reference: request.reference) else { return nil }
        let json = (try? JSONDecoder().decode(JSONValue.self, from: manifest.data)) ?? .null
        if policy.cosignRequired, !(try await isSigned(request.repository, digest: manifest.digest)) {
            // 2.7–2.8 "The image is not signed in Cosign."; 2.9+ (contentrust.go) "The image is not signed by cosign."
            let message = state.harborMinorVersion >= 9 ? "The image is not signed by cosign." : "The image is not signed in Cosign."
            return HarborError(status: .preconditionFailed, code: "PROJECTPOLICYVIOLATION", message: message)
        }
        guard policy.preventVulnerable else { return nil }
        // Only images are scannable (Trivy); an image index of images is skipped, its children are checked.
        if json["manifests"] != nil { return nil }
        let configMediaType = json["config"]?["mediaType"]?.string ?? ""
        guard ["application/vnd.oci.image.config.v1+json", "application/vnd.docker.container.image.v1+json"].contains(configMediaType) else {
            return nil
        }
        let policyText = #"configured policy in 'Prevent images with vulnerability severity of "\#(policy.severity.rawValue)" or higher from running.' "#
        guard let scan = state.scan(repository: request.repository, digest: manifest.digest) else {
            return violation("current image without vulnerability scanning cannot be pulled due to " + policyText
                + "To continue with pull, please contact your project administrator for help.")
        }
        guard scan.succeeded else {
            return violation(#"current image with "\#(scan.status)" status of vulnerability scanning cannot be pulled due to "# + policyText
                + "To continue with pull, please contact your project administrator for help.")
        }
        if let highest = scan.highest, highest.code >= policy.severity.code, !scan.vulnerabilities.isEmpty {
            let count = scan.vulnerabilities.count
            return violation("current image with \(count) \(count > 1 ? "vulnerabilities" : "vulnerability") cannot be pulled due to "
                + policyText + "To continue with pull, please contact your project administrator to exempt matched vulnerabilities through configuring the CVE allowlist.")
        }
        return nil
    }

    private func violation(_ message: String) -> HarborError {
        HarborError(status: .preconditionFailed, code: "PROJECTPOLICYVIOLATION", message: message)
    }

    /// A cosign signature is an accessory: a manifest tagged `sha256-HEX.sig` in the same repository
    /// (how cosign stores it; src/controller/artifact/processor/... and src/server/middleware/cosign), or one
    /// the admin API attached.
    func isSigned(_ repository: String, digest: String) async throws -> Bool {
        if state.isSigned(repository: repository, digest: digest) { return true }
        let signatureTag = digest.replacingOccurrences(of: ":", with: "-") + ".sig"
        return try await client.tags(repository).contains(signatureTag)
    }

    /// Push checks: a refusal, or the storage the manifest adds (counted once the registry stored it).
    func checkPush(_ request: ManifestRequest, body: Data) async throws -> (refusal: HarborError?, usage: (bytes: Int64, blobs: [String])?) {
        let policy = state.policy(project: request.project)
        if !request.isDigest, policy.immutable(repository: request.repositoryInProject, tag: request.reference),
            try await client.manifest(request.repository, reference: request.reference) != nil
        {
            return (immutableRefusal(request, tag: request.reference), nil)
        }
        let digest = sha256Digest(body)
        let usage = state.storageUsage(project: request.project)
        let added = usage.added(byManifest: body, digest: digest)
        if let limit = policy.storageLimitBytes, added.bytes > 0, usage.bytes + added.bytes > limit {
            let message = StorageUsage.overflowMessage(adding: added.bytes, current: usage.bytes, limit: limit)
            return (HarborError(status: .forbidden, code: "DENIED", message: message), nil)
        }
        return (nil, added)
    }

    /// `ErrImmutable` sent with `PreconditionCode` (src/server/middleware/immutable/error.go, pushmf.go): the
    /// repository is named without its project.
    private func immutableRefusal(_ request: ManifestRequest, tag: String) -> HarborError {
        HarborError.precondition("Failed to process request due to '\(request.repositoryInProject):\(tag)' configured as immutable.")
    }
}
