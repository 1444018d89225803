import CHNative
import Foundation

/// The record of every credential, in the warehouse's `credentials` table (created by migration 3).
/// A change is a new row; `FINAL` keeps the latest per user name, so revoked credentials stay
/// listed with their revocation time for audit.
public struct CredentialRegistry: Sendable {
    /// Where the table lives.
    public let config: SchemaConfiguration

    /// The registry of `config`'s database.
    public init(config: SchemaConfiguration) { self.config = config }

    var table: String { config.qualified(Tables.credentials.name) }

    /// Every credential (active and revoked), optionally of one organisation, oldest first.
    public func all(org: OrgID? = nil, on conn: Connection) throws -> [Credential] {
        var sql = """
            SELECT `username`, CAST(`org_id`, 'String') AS `org`, `password_sha256`,
                   toUnixTimestamp64Milli(`created_at`) AS `created`, toUnixTimestamp64Milli(ifNull(`revoked_at`, toDateTime64(0, 3, 'UTC'))) AS `revoked`,
                   isNotNull(`revoked_at`) AS `is_revoked`
            FROM \(table) FINAL
            """
        var parameters: [String: String] = [:]
        if let org {
            sql += " WHERE `org_id` = {org:String}"
            parameters["org"] = org.rawValue
        }
        sql += " ORDER BY `created_at`, `username`"
        var out: [Credential] = []
        for block in try conn.queryAll(sql, parameters: parameters) {
            let names = try block.column(named: "username", as: StringColumn.self)
            let orgs = try block.column(named: "org", as: StringColumn.self)
            let hashes = try block.column(named: "password_sha256", as: StringColumn.self)
            let created = try block.column(named: "created", as: FixedWidthColumn<Int64>.self)
            let revoked = try block.column(named: "revoked", as: FixedWidthColumn<Int64>.self)
            let isRevoked = try block.column(named: "is_revoked", as: FixedWidthColumn<UInt8>.self)
            for i in 0..<block.rowCount {
                // Ids were validated when issued: one that is not valid now is reported, not skipped.
                let id = try OrgID(orgs.string(at: i))
                out.append(Credential(
                    username: names.string(at: i), org: id,
                    createdAt: Date(timeIntervalSince1970: Double(created.values[i]) / 1000),
                    passwordSHA256: hashes.string(at: i),
                    revokedAt: isRevoked.values[i] != 0 ? Date(timeIntervalSince1970: Double(revoked.values[i]) / 1000) : nil))
            }
        }
        return out
    }

    /// The active credentials, optionally of one organisation.
    public func active(org: OrgID? = nil, on conn: Connection) throws -> [Credential] {
        try all(org: org, on: conn).filter(\.isActive)
    }

    /// The record of `username`, active or revoked.
    public func find(_ username: String, on conn: Connection) throws -> Credential? {
        try all(on: conn).first { $0.username == username }
    }

    /// Records `credential` (new, or its revocation).
    public func record(_ credential: Credential, on conn: Connection) throws {
        var parameters = [
            "u": credential.username, "o": credential.org.rawValue, "h": credential.passwordSHA256,
            "c": String(Int64((credential.createdAt.timeIntervalSince1970 * 1000).rounded())),
        ]
        var revoked = "NULL"
        if let r = credential.revokedAt {
            parameters["r"] = String(Int64((r.timeIntervalSince1970 * 1000).rounded()))
            revoked = "fromUnixTimestamp64Milli({r:Int64}, 'UTC')"
        }
        try conn.execute("""
            INSERT INTO \(table) (`username`, `org_id`, `password_sha256`, `created_at`, `revoked_at`, `updated_at`)
            SELECT {u:String}, {o:String}, {h:String}, fromUnixTimestamp64Milli({c:Int64}, 'UTC'), \(revoked), now64(3)
            """, parameters: parameters)
    }
}
