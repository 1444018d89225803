import Foundation

/// An active or revoked data lake credential: a ClickHouse user that reads one organisation's data.
/// It never holds the password, only the SHA-256 form the server needs.
public struct Credential: Sendable, Hashable {
    /// The ClickHouse user name, e.g. `dl_raven_k3v9q2mx`.
    public let username: String
    /// The organisation whose data it reads.
    public let org: OrgID
    /// When it was generated.
    public let createdAt: Date
    /// Lower-case hex SHA-256 of the password.
    public let passwordSHA256: String
    /// When it was revoked, or `nil` while active.
    public var revokedAt: Date?

    /// A credential record.
    public init(username: String, org: OrgID, createdAt: Date, passwordSHA256: String, revokedAt: Date? = nil) {
        self.username = username
        self.org = org
        self.createdAt = createdAt
        self.passwordSHA256 = passwordSHA256
        self.revokedAt = revokedAt
    }

    /// Whether it can still log in.
    public var isActive: Bool { revokedAt == nil }

    /// Characters of the random part of generated user names (lower case, no look-alikes).
    static let suffixAlphabet = Array("abcdefghjkmnpqrstuvwxyz23456789".utf8)

    /// A new user name for `org`: `dl_` + organisation id + `_` + 8 random characters.
    static func newUsername(for org: OrgID) throws -> String {
        "dl_" + org.rawValue + "_" + (try Secrets.randomString(length: 8, alphabet: suffixAlphabet))
    }

    /// Checks a user name given by a person (e.g. to revoke): the shape generated names have,
    /// nothing a SQL statement or XML file could be confused by.
    public static func validateUsername(_ name: String) throws {
        let bytes = Array(name.utf8)
        let allowed = bytes.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D
        }
        guard name.hasPrefix("dl_"), (4...80).contains(bytes.count), allowed else {
            throw DatalakeError.invalidInput(
                "invalid credential username '\(OrgID.printable(name))': data lake usernames look like dl_<org>_<8 characters> (A-Z a-z 0-9 _ -)")
        }
    }
}

/// Where a credential connects: shown with the password right after generation.
public struct ConnectionEndpoint: Sendable, Hashable {
    /// Host name customers connect to.
    public var host: String
    /// Native protocol port (9440 for TLS in production, the embedded server's port locally).
    public var port: Int
    /// The data lake database.
    public var database: String
    /// Whether the port expects TLS.
    public var secure: Bool
    /// The ODBC driver name as registered by `scripts/odbc-install.sh`.
    public var odbcDriver: String

    /// An endpoint.
    public init(host: String, port: Int, database: String, secure: Bool = false, odbcDriver: String = "ClickHouse Native (Unicode)") {
        self.host = host
        self.port = port
        self.database = database
        self.secure = secure
        self.odbcDriver = odbcDriver
    }
}

/// A credential just generated: the only moment its password exists outside the customer's hands.
public struct IssuedCredential: Sendable {
    /// The stored record.
    public let credential: Credential
    /// The password, shown once and never stored.
    public let password: String
    /// Where to connect.
    public let endpoint: ConnectionEndpoint

    /// `Driver={...};Server=...;Port=...;Database=...;UID=...;PWD=...` (with `Secure=1` for TLS).
    public var odbcConnectionString: String {
        var parts = [
            "Driver={\(endpoint.odbcDriver)}", "Server=\(endpoint.host)", "Port=\(endpoint.port)",
            "Database=\(endpoint.database)", "UID=\(credential.username)", "PWD=\(password)",
        ]
        if endpoint.secure { parts.append("Secure=1") }
        return parts.joined(separator: ";")
    }

    /// The details as `label: value` lines, in the order the settings page shows them.
    public var details: [(label: String, value: String)] {
        [("Username", credential.username), ("Host", endpoint.host), ("Port", String(endpoint.port)),
         ("Database", endpoint.database), ("Password", password), ("ODBC connection string", odbcConnectionString)]
    }
}
