import CHNative

/// Creates and migrates the data lake schema and registers organisations.
public struct SchemaManager: Sendable {
    /// Where the schema lives.
    public let config: SchemaConfiguration

    /// A manager for `config`.
    public init(config: SchemaConfiguration = SchemaConfiguration()) {
        self.config = config
    }

    /// What ``apply(on:)`` did.
    public struct ApplyResult: Sendable {
        /// Versions applied by this call (empty when the schema was current).
        public var applied: [UInt32] = []
        /// Organisations whose views were re-created.
        public var refreshedOrgs: [OrgID] = []
        /// Migrations whose recorded checksum differs from the code.
        public var changedSinceApplied: [UInt32] = []
    }

    /// The statements that create the whole schema from nothing, for printing (single server or cluster).
    public func script(orgs: [OrgID] = []) -> [String] {
        var out = ["CREATE DATABASE IF NOT EXISTS \(SQLIdentifier.quote(config.database))\(config.onCluster)"]
        out += Migrations.migrationsTable.createStatements(config)
        for m in Migrations.all { out += m.statements(config) }
        for org in orgs { out += OrgViews(org: org, config: config).createStatements() }
        return out
    }

    /// Applies the missing migrations in order and records them; re-running is a no-op.
    @discardableResult
    public func apply(on conn: Connection) throws -> ApplyResult {
        var result = ApplyResult()
        try conn.execute("CREATE DATABASE IF NOT EXISTS \(SQLIdentifier.quote(config.database))\(config.onCluster)")
        for s in Migrations.migrationsTable.createStatements(config) { try conn.execute(s) }
        var recorded: [UInt32: String] = [:]
        for block in try conn.queryAll("SELECT version, checksum FROM \(config.qualified("schema_migrations")) FINAL") {
            let versions = try block.column(named: "version", as: FixedWidthColumn<UInt32>.self)
            let sums = try block.column(named: "checksum", as: StringColumn.self)
            for i in 0..<block.rowCount { recorded[versions.values[i]] = sums.string(at: i) }
        }
        var refresh = false
        for m in Migrations.all {
            if let sum = recorded[m.version] {
                if sum != m.checksum(config) { result.changedSinceApplied.append(m.version) }
                continue
            }
            for s in m.statements(config) { try conn.execute(s) }
            try conn.execute(
                "INSERT INTO \(config.qualified("schema_migrations")) (version, name, checksum) VALUES ({v:UInt32}, {n:String}, {c:String})",
                parameters: ["v": String(m.version), "n": m.name, "c": m.checksum(config)])
            result.applied.append(m.version)
            refresh = refresh || m.refreshesOrgViews
        }
        if refresh {
            for org in try organisations(on: conn).map(\.id) {
                for s in OrgViews(org: org, config: config).createStatements() { try conn.execute(s) }
                result.refreshedOrgs.append(org)
            }
        }
        return result
    }

    /// The applied migration versions, oldest first.
    public func appliedVersions(on conn: Connection) throws -> [UInt32] {
        var out: [UInt32] = []
        for block in try conn.queryAll("SELECT version FROM \(config.qualified("schema_migrations")) FINAL ORDER BY version") {
            out += try block.column(named: "version", as: FixedWidthColumn<UInt32>.self).values
        }
        return out
    }

    /// Registers `org` (named `name`) and creates or replaces its views.
    public func addOrganisation(_ org: OrgID, name: String, on conn: Connection) throws {
        guard try !appliedVersions(on: conn).isEmpty else {
            throw DatalakeError.notFound("the schema is not applied in database \(config.database): run `datalake schema apply` first")
        }
        try conn.execute(
            "INSERT INTO \(config.qualified("organisations")) (org_id, name) VALUES ({o:String}, {n:String})",
            parameters: ["o": org.rawValue, "n": name])
        for s in OrgViews(org: org, config: config).createStatements() { try conn.execute(s) }
    }

    /// Registered organisations with their names.
    public func organisations(on conn: Connection) throws -> [(id: OrgID, name: String)] {
        var out: [(id: OrgID, name: String)] = []
        for block in try conn.queryAll("SELECT org_id, name FROM \(config.qualified("organisations")) FINAL ORDER BY org_id") {
            let ids = try block.column(named: "org_id", as: StringColumn.self)
            let names = try block.column(named: "name", as: StringColumn.self)
            for i in 0..<block.rowCount {
                // Ids were validated when registered: one that is not valid now is reported, not skipped.
                out.append((try OrgID(ids.string(at: i)), names.string(at: i)))
            }
        }
        return out
    }
}
