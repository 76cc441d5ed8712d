/// `GET /api/v2.0/systeminfo` (goharbor/harbor src/controller/systeminfo/controller.go, v2.7.0).
/// Anonymous callers get `auth_mode` and (up to v2.12) `harbor_version`; authenticated callers
/// also get `registry_url`, `current_time` and the rest, which is how a caller can tell it was
/// authenticated on this CLI-secret-allowed path.
public struct HarborSystemInfo: Sendable, Equatable, Decodable {
    public let authMode: String?
    public let harborVersion: String?
    public let registryURL: String?
    public let externalURL: String?
    public let currentTime: String?
    public let withChartMuseum: Bool?
    public let readOnly: Bool?

    enum CodingKeys: String, CodingKey {
        case authMode = "auth_mode"
        case harborVersion = "harbor_version"
        case registryURL = "registry_url"
        case externalURL = "external_url"
        case currentTime = "current_time"
        case withChartMuseum = "with_chartmuseum"
        case readOnly = "read_only"
    }

    /// Whether Harbor answered as to an authenticated caller.
    public var isAuthenticatedView: Bool { registryURL != nil || currentTime != nil }
    public var isOIDC: Bool { authMode == "oidc_auth" }
}
