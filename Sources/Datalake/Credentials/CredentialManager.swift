import CHNative
import Foundation

/// Generates, lists and revokes data lake credentials: the registry records them, the backend
/// makes the server match. Every input is validated before anything changes.
public struct CredentialManager: Sendable {
    /// The admin connection (needs to write the registry; with ``SQLBackend``, access management).
    public let admin: ConnectionConfiguration
    /// The warehouse.
    public let schema: SchemaConfiguration
    /// How credentials become users.
    public let backend: any CredentialBackend
    /// What customers connect to, shown with a new credential.
    public let endpoint: ConnectionEndpoint

    /// A manager.
    public init(admin: ConnectionConfiguration, schema: SchemaConfiguration, backend: any CredentialBackend, endpoint: ConnectionEndpoint) {
        self.admin = admin
        self.schema = schema
        self.backend = backend
        self.endpoint = endpoint
    }

    var registry: CredentialRegistry { CredentialRegistry(config: schema) }

    func withAdmin<R>(_ body: (Connection) throws -> R) throws -> R {
        let conn = try Connection(configuration: admin)
        defer { conn.close() }
        return try body(conn)
    }

    /// Checks that `org` is registered (`datalake org add`).
    func requireRegistered(_ org: OrgID, on conn: Connection) throws {
        let known = try SchemaManager(config: schema).organisations(on: conn).map(\.id)
        guard known.contains(org) else {
            throw DatalakeError.notFound("unknown organisation '\(org)': register it first with `datalake org add \(org)`")
        }
    }

    /// Generates a credential for `org`. The returned password is the only copy.
    public func generate(org: String) throws -> IssuedCredential {
        let id = try OrgID(org)
        let password = try Secrets.newPassword()
        let credential = Credential(username: try Credential.newUsername(for: id), org: id, createdAt: Date(),
                                    passwordSHA256: Secrets.sha256Hex(password))
        let active = try withAdmin { conn -> [Credential] in
            try requireRegistered(id, on: conn)
            let active = try registry.active(on: conn) + [credential]
            try registry.record(credential, on: conn)
            return active
        }
        do {
            try backend.provision(credential, active: active, admin: admin)
        } catch {
            // The server did not take it: record it as revoked so the registry matches.
            var undone = credential
            undone.revokedAt = Date()
            _ = try? withAdmin { try registry.record(undone, on: $0) }
            throw DatalakeError.serverFailed("could not provision \(credential.username) with the \(backend.name) backend: \(error)")
        }
        return IssuedCredential(credential: credential, password: password, endpoint: endpoint)
    }

    /// The active credentials, of one organisation or all.
    public func list(org: String? = nil) throws -> [Credential] {
        let id = try org.map { try OrgID($0) }
        return try withAdmin { conn in
            if let id { try requireRegistered(id, on: conn) }
            return try registry.active(org: id, on: conn)
        }
    }

    /// Revokes `username`: its next login fails. When `org` is given the credential must belong
    /// to it (the settings page revokes only its own organisation's credentials).
    @discardableResult
    public func revoke(_ username: String, org: String? = nil) throws -> Credential {
        try Credential.validateUsername(username)
        let id = try org.map { try OrgID($0) }
        let (revoked, active) = try withAdmin { conn -> (Credential, [Credential]) in
            let all = try registry.all(on: conn)
            guard var found = all.first(where: { $0.username == username }), id == nil || found.org == id else {
                throw DatalakeError.notFound("no credential named \(username)" + (id.map { " in organisation \($0)" } ?? ""))
            }
            if let at = found.revokedAt {
                throw DatalakeError.invalidInput("credential \(username) is already revoked (since \(Self.timestamp(at)))")
            }
            let remaining = all.filter { $0.isActive && $0.username != username }
            found.revokedAt = Date()
            try registry.record(found, on: conn)
            return (found, remaining)
        }
        try backend.deprovision(revoked, active: active, admin: admin)
        return revoked
    }

    /// Re-applies the registry to the server (after a failed restart, or a new server).
    public func sync() throws -> [Credential] {
        let active = try withAdmin { try registry.active(on: $0) }
        if let xml = backend as? UsersXMLBackend { try xml.write(active) }
        return active
    }

    /// `2026-11-29 07:15:02 UTC`.
    public static func timestamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return f.string(from: date) + " UTC"
    }
}
