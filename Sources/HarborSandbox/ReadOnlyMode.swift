/// Harbor's read-only mode (goharbor/harbor v2.7.0, src/server/middleware/readonly/readonly.go): while
/// it is on, every request but GET, HEAD and OPTIONS is refused with 403 DENIED, before any
/// authentication (the middleware is global, ahead of the routes' own checks).
enum ReadOnlyMode {
    static let message = "The system is in read only mode. Any modification is prohibited."

    static func refusal(method: String) -> HarborError? {
        if ["GET", "HEAD", "OPTIONS"].contains(method) { return nil }
        return HarborError(status: .forbidden, code: "DENIED", message: message)
    }
}
