import CHNative

/// The SQL (RBAC) statements that create and drop a credential on a ClickHouse server with
/// access management: settings profile, user with `sha256_hash`, grants, row policies, quota.
public struct SQLCredentialStatements: Sendable {
    /// The warehouse database.
    public let schema: SchemaConfiguration
    /// What credentials may do.
    public let policy: AccessPolicy

    /// Statements for `schema` under `policy`.
    public init(schema: SchemaConfiguration, policy: AccessPolicy = AccessPolicy()) {
        self.schema = schema
        self.policy = policy
    }

    func q(_ name: String) -> String { SQLIdentifier.quote(name) }

    /// `SELECT ON object` privileges of `credential` (without `GRANT` and `TO`).
    public func privileges(for credential: Credential) -> [String] {
        AccessPolicy.readableObjects(of: credential.org, schema: schema).map { "SELECT ON " + schema.qualified($0) }
            + AccessPolicy.systemTables.map { "SELECT ON system." + q($0) }
    }

    /// The settings profile shared by every credential (idempotent).
    public func profile() -> String {
        let settings = policy.profileSettings.map { s -> String in
            let value = Int(s.value) != nil ? s.value : SQLLiteral.string(s.value)
            switch s.constraint {
            case .const: return "\(s.name) = \(value) CONST"
            case .max(let m): return "\(s.name) = \(value) MAX \(m)"
            }
        }
        return "CREATE SETTINGS PROFILE IF NOT EXISTS \(q(AccessPolicy.profileName)) SETTINGS " + settings.joined(separator: ", ")
    }

    /// Every statement that creates `credential`, in order.
    public func create(_ credential: Credential) -> [String] {
        let user = q(credential.username)
        var out = [profile()]
        out.append("CREATE USER \(user) IDENTIFIED WITH sha256_hash BY \(SQLLiteral.string(credential.passwordSHA256)) "
            + "HOST ANY DEFAULT DATABASE \(q(schema.database)) SETTINGS PROFILE \(q(AccessPolicy.profileName))")
        out += privileges(for: credential).map { "GRANT \($0) TO \(user)" }
        out.append("CREATE ROW POLICY \(user) ON " + AccessPolicy.filteredTables(schema).map(schema.qualified).joined(separator: ", ")
            + " FOR SELECT USING \(AccessPolicy.rowFilter(of: credential.org)) TO \(user)")
        out.append("CREATE QUOTA \(user) KEYED BY user_name FOR INTERVAL 1 hour MAX queries = \(policy.queriesPerHour), "
            + "result_rows = \(policy.resultRowsPerHour), execution_time = \(policy.executionSecondsPerHour) TO \(user)")
        return out
    }

    /// Every statement that ends `credential`: running queries are stopped, then the user,
    /// its row policies and its quota are dropped.
    public func drop(_ credential: Credential) -> [String] {
        let user = q(credential.username)
        return [
            "KILL QUERY WHERE user = \(SQLLiteral.string(credential.username)) ASYNC",
            "DROP USER IF EXISTS \(user)",
            "DROP ROW POLICY IF EXISTS \(user) ON " + AccessPolicy.filteredTables(schema).map(schema.qualified).joined(separator: ", "),
            "DROP QUOTA IF EXISTS \(user)",
        ]
    }
}

/// Provisions credentials with SQL RBAC statements (``SQLCredentialStatements``) on a full
/// ClickHouse server with access management; the admin connection needs `ACCESS MANAGEMENT`.
public struct SQLBackend: CredentialBackend {
    /// The statements used.
    public let statements: SQLCredentialStatements

    public var name: String { "sql" }

    /// A backend for `schema` under `policy`.
    public init(schema: SchemaConfiguration, policy: AccessPolicy = AccessPolicy()) {
        statements = SQLCredentialStatements(schema: schema, policy: policy)
    }

    public func provision(_ credential: Credential, active: [Credential], admin: ConnectionConfiguration) throws {
        let conn = try Connection(configuration: admin)
        defer { conn.close() }
        let all = statements.create(credential)
        do {
            for s in all { try conn.execute(s) }
        } catch {
            // Leave nothing half-created behind.
            for s in statements.drop(credential) { _ = try? conn.execute(s) }
            throw error
        }
    }

    public func deprovision(_ credential: Credential, active: [Credential], admin: ConnectionConfiguration) throws {
        let conn = try Connection(configuration: admin)
        defer { conn.close() }
        for s in statements.drop(credential) { try conn.execute(s) }
    }
}
