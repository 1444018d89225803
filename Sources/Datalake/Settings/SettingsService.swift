import CHNative
import Foundation
import Synchronization

/// The "Data Lake" settings page, served by `datalake serve` under `/settings/`:
///
/// - `GET /settings/data-lake[?org=ID]`: the organisation's connection details and active
///   credentials (or a sign-in form / organisation list).
/// - `POST /settings/login` (`token=`): signs in with the admin token; sets an HttpOnly,
///   SameSite=Strict session cookie (the token itself is never stored in the browser).
/// - `POST /settings/data-lake/generate` (`org=`): generates a credential and shows it once.
/// - `POST /settings/data-lake/revoke` (`org=`, `username=`): revokes one of that organisation's credentials.
///
/// Requests may also present the token as `Authorization: Bearer TOKEN`. Responses are never
/// cached (`Cache-Control: no-store`) and the password appears only in the generate response.
public final class SettingsService: Sendable {
    private let manager: CredentialManager
    private let adminToken: String
    private let sessions = Mutex<Set<String>>([])

    static let cookieName = "datalake_session"

    /// A page managing credentials through `manager`, for holders of `adminToken`.
    public init(manager: CredentialManager, adminToken: String) {
        self.manager = manager
        self.adminToken = adminToken
    }

    /// Whether this service answers `path`.
    public static func handles(_ path: String) -> Bool { path == "/settings" || path.hasPrefix("/settings/") }

    /// Routes one request.
    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        switch (request.method, request.path) {
        case ("POST", "/settings/login"):
            return login(request)
        case ("GET", "/settings"), ("GET", "/settings/"), ("GET", "/settings/data-lake"):
            guard authorized(request) else { return html(401, SettingsPageHTML.login(error: nil)) }
            return show(org: request.query["org"])
        case ("POST", "/settings/data-lake/generate"), ("POST", "/settings/data-lake/revoke"):
            guard authorized(request) else { return html(401, SettingsPageHTML.login(error: "Your session has ended; sign in again.")) }
            guard sameOrigin(request) else { return html(403, SettingsPageHTML.login(error: "The form came from another site.")) }
            let form = request.formFields()
            return request.path.hasSuffix("/generate") ? generate(org: form["org"]) : revoke(org: form["org"], username: form["username"])
        default:
            return html(404, SettingsPageHTML.page("<h1>Not found</h1>", title: "Not found"))
        }
    }

    func authorized(_ request: HTTPRequest) -> Bool {
        if let auth = request.header("authorization"), auth.lowercased().hasPrefix("bearer ") {
            return Secrets.constantTimeEqual(String(auth.dropFirst(7)).trimmingCharacters(in: .whitespaces), adminToken)
        }
        guard let id = request.cookie(Self.cookieName) else { return false }
        return sessions.withLock { $0.contains(id) }
    }

    /// Browsers send `Origin` on form posts; when present it must name this server.
    func sameOrigin(_ request: HTTPRequest) -> Bool {
        guard let origin = request.header("origin"), origin != "null" else { return true }
        guard let host = request.header("host") else { return false }
        return origin == "http://" + host || origin == "https://" + host
    }

    func login(_ request: HTTPRequest) -> HTTPResponse {
        guard Secrets.constantTimeEqual(request.formFields()["token"] ?? "", adminToken),
              let id = try? Secrets.randomString(length: 43) else {
            return html(401, SettingsPageHTML.login(error: "That token is not right."))
        }
        sessions.withLock { _ = $0.insert(id) }
        var r = html(303, "")
        r.headers.append(("Location", "/settings/data-lake"))
        r.headers.append(("Set-Cookie", "\(Self.cookieName)=\(id); Path=/settings; HttpOnly; SameSite=Strict"))
        return r
    }

    func content(org: OrgID?) throws -> SettingsPageHTML.Content {
        var c = SettingsPageHTML.Content(org: org, endpoint: manager.endpoint)
        try manager.withAdmin { conn in
            c.organisations = try SchemaManager(config: manager.schema).organisations(on: conn)
            guard let org else { return }
            guard let entry = c.organisations.first(where: { $0.id == org }) else {
                throw DatalakeError.notFound("unknown organisation '\(org)'")
            }
            c.orgName = entry.name
            // The organisation was just found in the list: read its credentials on the same connection.
            c.credentials = try manager.registry.active(org: org, on: conn)
        }
        return c
    }

    func show(org: String?, issued: IssuedCredential? = nil, notice: String? = nil, error: String? = nil, status: Int = 200) -> HTTPResponse {
        do {
            let id = try org.map { try OrgID($0) }
            var c = try content(org: id)
            c.issued = issued
            c.notice = notice
            c.error = error
            return html(status, SettingsPageHTML.render(c))
        } catch {
            var c = SettingsPageHTML.Content(org: nil, endpoint: manager.endpoint)
            c.error = "\(error)"
            do {
                c.organisations = try manager.withAdmin { try SchemaManager(config: manager.schema).organisations(on: $0) }
            } catch let listError {
                c.error = "\(error) (the list of organisations could not be read either: \(listError))"
            }
            return html(Self.status(of: error), SettingsPageHTML.render(c))
        }
    }

    func generate(org: String?) -> HTTPResponse {
        do {
            let issued = try manager.generate(org: org ?? "")
            return show(org: issued.credential.org.rawValue, issued: issued)
        } catch {
            return show(org: org.flatMap { OrgID.isValid($0) ? $0 : nil }, error: "\(error)", status: Self.status(of: error))
        }
    }

    func revoke(org: String?, username: String?) -> HTTPResponse {
        do {
            let c = try manager.revoke(username ?? "", org: org ?? "")
            return show(org: c.org.rawValue, notice: "Revoked \(c.username). It can no longer log in.")
        } catch {
            return show(org: org.flatMap { OrgID.isValid($0) ? $0 : nil }, error: "\(error)", status: Self.status(of: error))
        }
    }

    static func status(of error: any Error) -> Int {
        switch error {
        case DatalakeError.invalidInput: return 400
        case DatalakeError.notFound: return 404
        default: return 500
        }
    }

    func html(_ status: Int, _ text: String) -> HTTPResponse {
        var r = HTTPResponse(status: status, contentType: "text/html; charset=utf-8", body: Array(text.utf8))
        r.headers += [
            ("Cache-Control", "no-store"),
            ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"),
            ("Referrer-Policy", "no-referrer"),
            ("X-Content-Type-Options", "nosniff"),
        ]
        return r
    }
}
