import Foundation
import HarborCore
import Hummingbird

/// Harbor's `/api/…` endpoints a CLI uses (goharbor/harbor v2.7.0, api/v2.0/swagger.yaml,
/// src/server/v2.0/handler), answered from the fixture and the registry.
struct HarborRESTRoutes: Sendable {
    let state: SandboxState
    let inventory: ArtifactInventory
    let externalBaseURL: String
    let harborVersion: String
    let hasCARoot: Bool

    struct Call {
        let method: String
        /// Decoded once, as Go's router sees it.
        let path: String
        /// Path segments, each decoded a second time (`unescapePathParams`).
        let segments: [String]
        let rawPath: String
        let query: [(String, String)]
        let context: SecurityContext
        let body: Data
    }

    func respond(_ call: Call) async throws -> Response {
        do {
            return try await route(call)
        } catch let error as HarborError {
            return error.response()
        }
    }

    private func route(_ call: Call) async throws -> Response {
        let s = call.segments
        switch (call.method, s.count) {
        case ("GET", 3) where s == ["api", "v2.0", "ping"]:
            return .text("Pong")
        case ("GET", 2) where s == ["api", "version"]:
            return try .json(["version": "v2.0"])
        case ("GET", 3) where s == ["api", "v2.0", "systeminfo"]:
            return try systemInfo(call)
        case ("GET", 4) where s == ["api", "v2.0", "users", "current"]:
            return try currentUser(call)
        case ("GET", 3) where s == ["api", "v2.0", "projects"], ("HEAD", 3) where s == ["api", "v2.0", "projects"]:
            return try await listProjects(call)
        case ("POST", 3) where s == ["api", "v2.0", "projects"]:
            return try createProject(call)
        case ("GET", 4) where s[0...2] == ["api", "v2.0", "projects"]:
            return try await getProject(call, name: s[3])
        case ("GET", 5) where s[0...2] == ["api", "v2.0", "projects"] && s[4] == "repositories":
            return try await listRepositories(call, project: s[3])
        case ("GET", 7) where s[0...2] == ["api", "v2.0", "projects"] && s[4] == "repositories" && s[6] == "artifacts":
            return try await listArtifacts(call, project: s[3], repository: s[5])
        case ("GET", 10) where s[0...2] == ["api", "v2.0", "projects"] && s[4] == "repositories" && s[6] == "artifacts"
            && s[8...9] == ["additions", "vulnerabilities"]:
            return try await vulnerabilities(call, project: s[3], repository: s[5], reference: s[7])
        default:
            throw HarborError.notFound("the requested resource \(call.method) \(call.path) is not found in the sandbox")
        }
    }

    // MARK: system

    private func systemInfo(_ call: Call) throws -> Response {
        var info: [String: JSONValue] = [
            "auth_mode": .string("oidc_auth"),
            "self_registration": .bool(false),
        ]
        // Anonymous up to 2.12; from 2.13 only for a signed-in caller (goharbor/harbor v2.13.0,
        // src/controller/systeminfo/controller.go).
        if state.harborMinorVersion < 13 || call.context.isAuthenticated { info["harbor_version"] = .string(harborVersion) }
        if call.context.isAuthenticated {
            let host = externalBaseURL.components(separatedBy: "://").last ?? externalBaseURL
            info["current_time"] = .string(harborTime(Date()))
            info["registry_url"] = .string(host)
            info["external_url"] = .string(externalBaseURL)
            info["has_ca_root"] = .bool(hasCARoot)
            info["project_creation_restriction"] = .string("everyone")
            info["registry_storage_provider_name"] = .string("filesystem")
            info["read_only"] = .bool(state.readOnly)
            info["notification_enable"] = .bool(true)
            // Gone with Notary in 2.9 (goharbor/harbor v2.9.0, src/controller/systeminfo/controller.go).
            if state.harborMinorVersion < 9 { info["with_notary"] = .bool(false) }
            // Gone with ChartMuseum in 2.8 (goharbor/harbor v2.8.0, src/controller/systeminfo/controller.go).
            if state.harborMinorVersion < 8 { info["with_chartmuseum"] = .bool(false) }
        }
        return try .json(JSONValue.object(info))
    }

    /// Not on the CLI-secret allow-list: a CLI secret arrives here as anonymous (goharbor/harbor
    /// v2.7.0, src/server/middleware/security/oidc_cli.go).
    private func currentUser(_ call: Call) throws -> Response {
        switch call.context {
        case .robot:
            throw HarborError.precondition("get current user not available for security context: robot")
        case .user(let user):
            // Only reachable through a session or ID token in real Harbor; kept for completeness.
            let id = state.user(id: user.username)?.id ?? 0
            return try .json(
                JSONValue.object([
                    "user_id": .number(Double(id)), "username": .string(user.username), "sysadmin_flag": .bool(user.sysadmin),
                    "email": .string(""), "realname": .string(user.username), "comment": .string(""),
                    "admin_role_in_auth": .bool(false),
                ]))
        case .anonymous, .registryToken:
            throw HarborError.unauthorized()
        }
    }

    // MARK: projects

    /// Which projects the caller sees: public ones, plus membership (user), permissions (robot), or all (sysadmin).
    private func visible(_ project: ProjectRecord, to context: SecurityContext) -> Bool {
        if project.isPublic || context.isSysAdmin { return true }
        return !context.repositoryActions(in: project).isEmpty && context.isAuthenticated
    }

    private func roleIDs(_ project: ProjectRecord, _ context: SecurityContext) -> [Int]? {
        guard case .user(let user) = context else { return nil }
        return project.roles(of: user.username).sorted(by: >).map(\.rawValue)
    }

    private func projectJSON(_ project: ProjectRecord, context: SecurityContext, repoCount: Int, withDetail: Bool) -> JSONValue {
        let roles = roleIDs(project, context)
        var object: [String: JSONValue] = [
            "project_id": .number(Double(project.id)),
            "name": .string(project.name),
            "owner_id": .number(Double(state.user(id: project.ownerName)?.id ?? 1)),
            "owner_name": .string(project.ownerName),
            "creation_time": .string(harborTime(project.creationTime)),
            "update_time": .string(harborTime(project.creationTime)),
            "deleted": .bool(false),
            "current_user_role_id": .number(Double(roles?.first ?? 0)),
            "current_user_role_ids": roles.map { .array($0.map { .number(Double($0)) }) } ?? .null,
            "repo_count": .number(Double(repoCount)),
            "chart_count": .number(0),
        ]
        if roles?.first == ProjectRole.projectAdmin.rawValue || context.isSysAdmin { object["togglable"] = .bool(true) }
        if withDetail {
            object["metadata"] = .object(state.policy(project: project.name).metadata(isPublic: project.isPublic))
            object["cve_allowlist"] = .object([
                "id": .number(0), "project_id": .number(Double(project.id)), "items": .array([]),
                "creation_time": .string("0001-01-01T00:00:00.000Z"), "update_time": .string("0001-01-01T00:00:00.000Z"),
            ])
        }
        return .object(object)
    }

    private func listProjects(_ call: Call) async throws -> Response {
        let pagination = try Pagination.from(query: call.query)
        let query = HarborQuery(QueryString.value("q", in: call.query))
        let name = QueryString.value("name", in: call.query)
        let owner = QueryString.value("owner", in: call.query)
        let publicFilter = QueryString.value("public", in: call.query).map { $0 == "true" || $0 == "1" }
        let withDetail = QueryString.value("with_detail", in: call.query).map { $0 != "false" && $0 != "0" } ?? true

        var projects = state.projects.filter { visible($0, to: call.context) }
        if let name, !name.isEmpty { projects = projects.filter { $0.name.contains(name) } }  // FuzzyMatchValue
        if let owner { projects = projects.filter { $0.ownerName == owner } }
        if let publicFilter { projects = projects.filter { $0.isPublic == publicFilter } }
        projects = projects.filter { query.matches("name", $0.name) && query.matches("public", $0.isPublic ? "true" : "false") }
        projects = sortProjects(projects, by: QueryString.value("sort", in: call.query))

        let page = pagination.slice(projects)
        let catalog = page.isEmpty ? [] : try await inventory.client.catalog()
        let items = page.map { project in
            projectJSON(
                project, context: call.context, repoCount: catalog.filter { $0.hasPrefix(project.name + "/") }.count,
                withDetail: withDetail)
        }
        var response = try Response.json(JSONValue.array(items))
        for (name, value) in pagination.headers(path: call.rawPath, query: call.query, total: projects.count) {
            if let field = HTTPField.Name(name) { response.headers[field] = value }
        }
        return response
    }

    private func sortProjects(_ projects: [ProjectRecord], by sort: String?) -> [ProjectRecord] {
        let key = sort ?? "name"
        let descending = key.hasPrefix("-")
        let field = descending ? String(key.dropFirst()) : key
        let sorted: [ProjectRecord]
        switch field {
        case "project_id", "creation_time": sorted = projects.sorted { $0.id < $1.id }
        default: sorted = projects.sorted { $0.name < $1.name }
        }
        return descending ? sorted.reversed() : sorted
    }

    /// `GET /projects/{name}` (not CLI-secret allowed; anonymous for a CLI secret).
    private func getProject(_ call: Call, name: String) async throws -> Response {
        let project = try requireProjectAccess(name, context: call.context)
        let count = try await inventory.repositories(project: project.name).count
        return try .json(projectJSON(project, context: call.context, repoCount: count, withDetail: true))
    }

    /// `POST /projects` is on the CLI-secret allow-list ("for replication").
    private func createProject(_ call: Call) throws -> Response {
        guard call.context.isAuthenticated, let owner = call.context.username else { throw HarborError.unauthorized() }
        guard let body = try? JSONDecoder().decode(JSONValue.self, from: call.body), let name = body["project_name"]?.string else {
            throw HarborError.badRequest("invalid request body: project_name is required")
        }
        guard name.range(of: Fixture.namePattern, options: .regularExpression) != nil, name.count <= 255 else {
            throw HarborError.badRequest("project name is not in lower case or contains illegal characters")
        }
        var isPublic = false
        if case .bool(let flag) = body["public"] { isPublic = flag }
        if body["metadata"]?["public"]?.string == "true" { isPublic = true }
        let record = try state.createProject(name: name, isPublic: isPublic, owner: owner)
        return Response(
            status: .created, headers: [HTTPField.Name("Location")!: "/api/v2.0/projects/\(record.id)", .contentLength: "0"], body: .init())
    }

    /// `RequireProjectAccess`: 401 for anonymous, 403 for authenticated callers without rights — also when the
    /// project does not exist; only a sysadmin learns it is missing (404) (goharbor/harbor v2.7.0,
    /// src/server/v2.0/handler/base.go `HasProjectPermission`).
    private func requireProjectAccess(_ name: String, context: SecurityContext) throws -> ProjectRecord {
        guard let project = state.project(named: name) else {
            if context.isSysAdmin { throw HarborError.notFound("project \(name) not found") }
            throw context.isAuthenticated ? HarborError.forbidden() : HarborError.unauthorized()
        }
        if visible(project, to: context) { return project }
        throw context.isAuthenticated ? HarborError.forbidden() : HarborError.unauthorized()
    }

    // MARK: repositories and artifacts

    private func listRepositories(_ call: Call, project name: String) async throws -> Response {
        let pagination = try Pagination.from(query: call.query)
        let project = try requireProjectAccess(name, context: call.context)
        let query = HarborQuery(QueryString.value("q", in: call.query))
        let names = try await inventory.repositories(project: project.name).filter { query.matches("name", $0) }
        var infos: [ArtifactInventory.RepositoryInfo] = []
        for repository in names { infos.append(try await inventory.repositoryInfo(repository)) }
        infos = infos.filter { $0.artifactCount > 0 }
        let sort = QueryString.value("sort", in: call.query) ?? "-creation_time"
        switch sort {
        case "name": infos.sort { $0.name < $1.name }
        case "-name": infos.sort { $0.name > $1.name }
        case "creation_time": infos.sort { ($0.creationTime, $0.name) < ($1.creationTime, $1.name) }
        default: infos.sort { ($0.creationTime, $0.name) > ($1.creationTime, $1.name) }
        }
        let items = pagination.slice(infos).map { info -> JSONValue in
            .object([
                "id": .number(Double(state.stableID("repository:\(info.name)"))),
                "project_id": .number(Double(project.id)),
                "name": .string(info.name),
                "description": .string(""),
                "artifact_count": .number(Double(info.artifactCount)),
                "pull_count": .number(0),
                "creation_time": .string(harborTime(info.creationTime)),
                "update_time": .string(harborTime(info.creationTime)),
            ])
        }
        var response = try Response.json(JSONValue.array(items))
        for (name, value) in pagination.headers(path: call.rawPath, query: call.query, total: infos.count) {
            if let field = HTTPField.Name(name) { response.headers[field] = value }
        }
        return response
    }

    private func listArtifacts(_ call: Call, project name: String, repository: String) async throws -> Response {
        let pagination = try Pagination.from(query: call.query)
        let project = try requireProjectAccess(name, context: call.context)
        let fullName = "\(project.name)/\(repository)"
        guard try await inventory.repositories(project: project.name).contains(fullName) else {
            throw HarborError.notFound("repository \(fullName) not found")
        }
        let query = HarborQuery(QueryString.value("q", in: call.query))
        let withTag = QueryString.value("with_tag", in: call.query).map { $0 != "false" && $0 != "0" } ?? true
        // All default to false (api/v2.0/swagger.yaml@v2.7.0, listArtifacts).
        func flag(_ name: String) -> Bool { QueryString.value(name, in: call.query).map { $0 == "true" || $0 == "1" } ?? false }
        let withScanOverview = flag("with_scan_overview"), withImmutable = flag("with_immutable_status")
        let withAccessory = flag("with_accessory"), withSignature = flag("with_signature")
        let policy = state.policy(project: project.name)
        let repositoryInProject = String(fullName.dropFirst(project.name.count + 1))
        var artifacts = try await inventory.artifacts(fullName).filter { artifact in
            guard query.matches("type", artifact.type), query.matches("media_type", artifact.mediaType),
                query.matches("digest", artifact.digest)
            else { return false }
            switch query.conditions["tags"] {
            case .exact("*"): return !artifact.tags.isEmpty
            case .exact("nil"): return artifact.tags.isEmpty
            case nil: return true
            default: return artifact.tags.contains { query.matches("tags", $0) }
            }
        }
        artifacts.sort { ($0.pushTime, $0.digest) > ($1.pushTime, $1.digest) }
        let repositoryID = state.stableID("repository:\(fullName)")
        var signedDigests: Set<String> = []
        if withAccessory || withSignature {
            let gate = RegistryPolicyGate(state: state, client: inventory.client)
            for artifact in artifacts where try await gate.isSigned(fullName, digest: artifact.digest) { signedDigests.insert(artifact.digest) }
        }
        let items = pagination.slice(artifacts).map { artifact -> JSONValue in
            let artifactID = state.stableID("artifact:\(fullName)@\(artifact.digest)")
            var object: [String: JSONValue] = [
                "id": .number(Double(artifactID)),
                "type": .string(artifact.type),
                "media_type": .string(artifact.mediaType),
                "manifest_media_type": .string(artifact.manifestMediaType),
                "project_id": .number(Double(project.id)),
                "repository_id": .number(Double(repositoryID)),
                "repository_name": .string(fullName),
                "digest": .string(artifact.digest),
                "size": .number(Double(artifact.size)),
                "icon": .string(""),
                "push_time": .string(harborTime(artifact.pushTime)),
                "pull_time": .string("0001-01-01T00:00:00.000Z"),
                "extra_attrs": artifact.extraAttributes ?? .object([:]),
                "annotations": .null,
                "references": artifact.references.isEmpty
                    ? .null
                    : .array(artifact.references.map { reference in
                        var child: [String: JSONValue] = [
                            "parent_id": .number(Double(artifactID)),
                            "child_id": .number(Double(state.stableID("artifact:\(fullName)@\(reference.digest)"))),
                            "child_digest": .string(reference.digest),
                        ]
                        if let platform = reference.platform { child["platform"] = platform }
                        return .object(child)
                    }),
                "labels": .null,
                "accessories": .null,
            ]
            if withScanOverview, artifact.type == "IMAGE", let scan = state.scan(repository: fullName, digest: artifact.digest) {
                object["scan_overview"] = scan.overviewJSON(reportID: "\(artifactID)-report")
            }
            if withAccessory, signedDigests.contains(artifact.digest) {
                // A cosign signature accessory (src/pkg/accessory/model/cosign/cosign.go: type "signature.cosign").
                object["accessories"] = .array([
                    .object([
                        "id": .number(Double(state.stableID("accessory:\(fullName)@\(artifact.digest)"))),
                        "artifact_id": .number(Double(state.stableID("signature:\(fullName)@\(artifact.digest)"))),
                        "subject_artifact_id": .number(Double(artifactID)),
                        "type": .string("signature.cosign"),
                        "digest": .string(artifact.digest),
                        "size": .number(0), "icon": .string(""),
                        "creation_time": .string(harborTime(artifact.pushTime)),
                    ])
                ])
            }
            if withTag {
                object["tags"] = .array(artifact.tags.sorted().map { tag in
                    .object([
                        "id": .number(Double(state.stableID("tag:\(fullName):\(tag)"))),
                        "repository_id": .number(Double(repositoryID)),
                        "artifact_id": .number(Double(artifactID)),
                        "name": .string(tag),
                        "push_time": .string(harborTime(artifact.pushTime)),
                        "pull_time": .string("0001-01-01T00:00:00.000Z"),
                        // Computed only when asked for (tag.Option WithImmutableStatus / WithSignature).
                        "immutable": .bool(withImmutable && policy.immutable(repository: repositoryInProject, tag: tag)),
                        // `signed` is Notary's in 2.7; cosign signatures are accessories.
                        "signed": .bool(false),
                    ])
                })
            }
            return .object(object)
        }
        var response = try Response.json(JSONValue.array(items))
        for (name, value) in pagination.headers(path: call.rawPath, query: call.query, total: artifacts.count) {
            if let field = HTTPField.Name(name) { response.headers[field] = value }
        }
        return response
    }

    /// `GET …/artifacts/{reference}/additions/vulnerabilities`: not on the CLI-secret allow-list (src/server/middleware/
    /// security/oidc_cli.go@v2.7.0), so a CLI secret reads it only as anonymous, i.e. in a public project; robots may.
    private func vulnerabilities(_ call: Call, project name: String, repository: String, reference: String) async throws -> Response {
        let project = try requireProjectAccess(name, context: call.context)
        let fullName = "\(project.name)/\(repository)"
        guard let manifest = try await inventory.client.manifest(fullName, reference: reference) else {
            throw HarborError.notFound("artifact \(fullName)@\(reference) not found")
        }
        guard let scan = state.scan(repository: fullName, digest: manifest.digest), scan.succeeded else { return try .json(JSONValue.object([:])) }
        return try .json(scan.reportJSON(repository: fullName, digest: manifest.digest))
    }
}
