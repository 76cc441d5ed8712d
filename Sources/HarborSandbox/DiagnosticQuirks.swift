import Foundation
import Hummingbird
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTPTypes

/// Deployment mistakes of a real Harbor that `doctor` must name, switched on at run time through
/// `PUT /__sandbox/diagnostics` (`GET` shows them, `DELETE` turns them all off):
///
/// `{"clockOffsetSeconds":3600,"plainHTTPRealm":true,"htmlLoginPage":true}`
public struct DiagnosticQuirks: Codable, Sendable, Equatable {
    /// Added to every `Date` header: a server whose clock is off (goharbor/harbor#15911).
    public var clockOffsetSeconds: Int?
    /// The `/v2/` challenge names `http://HOST/service/token` although the sandbox serves HTTPS:
    /// Harbor builds the realm from the scheme of `external_url` (goharbor/harbor
    /// src/server/middleware/v2auth/auth.go, v2.7.0), so an `external_url` of `http://…` behind a
    /// TLS gateway does exactly this (goharbor/harbor#3933, #20530).
    public var plainHTTPRealm: Bool?
    /// `/api/…` and `/service/token` answer an HTML login page with 200, as an SSO proxy in front
    /// of Harbor does (goharbor/harbor#12479, #19634).
    public var htmlLoginPage: Bool?

    public init(clockOffsetSeconds: Int? = nil, plainHTTPRealm: Bool? = nil, htmlLoginPage: Bool? = nil) {
        self.clockOffsetSeconds = clockOffsetSeconds
        self.plainHTTPRealm = plainHTTPRealm
        self.htmlLoginPage = htmlLoginPage
    }

    /// What a login page in front of Harbor serves.
    static let loginPage = """
        <!DOCTYPE html>
        <html><head><title>Sign in</title></head>
        <body><form method="post" action="/login"><input name="username"><input name="password" type="password"></form></body></html>

        """
}

/// The quirks in effect, shared by the responder, the admin endpoints and the `Date` rewriter.
final class DiagnosticQuirkSwitch: Sendable {
    private let box = NIOLockedValueBox(DiagnosticQuirks())

    var current: DiagnosticQuirks { box.withLockedValue { $0 } }
    func set(_ quirks: DiagnosticQuirks) { box.withLockedValue { $0 = quirks } }

    /// The login page, when `htmlLoginPage` is on and `path` is one it stands in front of.
    func loginPage(for path: String) -> Response? {
        guard current.htmlLoginPage == true, path.hasPrefix("/api/") || path.hasPrefix("/service/token") else { return nil }
        return .text(DiagnosticQuirks.loginPage, contentType: "text/html; charset=utf-8")
    }

    /// `response` with an `http://` realm in its challenge, when `plainHTTPRealm` is on.
    func adjust(_ response: Response) -> Response {
        guard current.plainHTTPRealm == true, let challenge = response.headers[.wwwAuthenticate],
            challenge.contains("realm=\"https://")
        else { return response }
        var response = response
        response.headers[.wwwAuthenticate] = challenge.replacingOccurrences(of: "realm=\"https://", with: "realm=\"http://")
        return response
    }

    /// The admin endpoint `/__sandbox/diagnostics`.
    func respond(method: String, body: Data) throws -> Response {
        switch method {
        case "GET":
            return try .json(current)
        case "PUT":
            let quirks = try JSONDecoder().decode(DiagnosticQuirks.self, from: body.isEmpty ? Data("{}".utf8) : body)
            set(quirks)
            return try .json(quirks)
        case "DELETE":
            set(DiagnosticQuirks())
            return Response(status: .noContent)
        default:
            return .text("use GET, PUT or DELETE on /__sandbox/diagnostics\n", status: .methodNotAllowed)
        }
    }
}

/// Shifts the `Date` header Hummingbird writes on every answer by `clockOffsetSeconds`. It sits
/// in the channel pipeline, because Hummingbird sets `Date` after the responder returns.
final class DateShiftHandler: ChannelOutboundHandler, RemovableChannelHandler, Sendable {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let quirks: DiagnosticQuirkSwitch

    init(quirks: DiagnosticQuirkSwitch) { self.quirks = quirks }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let part = unwrapOutboundIn(data)
        guard case .head(var head) = part, let offset = quirks.current.clockOffsetSeconds, offset != 0 else {
            context.write(data, promise: promise)
            return
        }
        head.headerFields[.date] = Self.format(Date().addingTimeInterval(TimeInterval(offset)))
        context.write(wrapOutboundOut(.head(head)), promise: promise)
    }

    /// IMF-fixdate (RFC 9110 §5.6.7).
    static func format(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
