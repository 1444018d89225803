import CHNative

/// One versioned schema change. Its statements are idempotent (`IF NOT EXISTS`) so a migration
/// interrupted half-way can be applied again.
public struct Migration: Sendable {
    /// Increasing version number, recorded in `schema_migrations`.
    public let version: UInt32
    /// Short description.
    public let name: String
    /// The statements for a configuration.
    public let statements: @Sendable (SchemaConfiguration) -> [String]
    /// Whether organisation views must be re-created after this migration.
    public let refreshesOrgViews: Bool

    /// A checksum of the statements, to notice a migration edited after it was applied.
    public func checksum(_ config: SchemaConfiguration) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in statements(config).joined(separator: ";\n").utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// The migrations of the data lake, in order.
public enum Migrations {
    /// The migrations table itself (created before anything else).
    static let migrationsTable = TableSpec(
        name: "schema_migrations",
        columns: [
            .init("version", "UInt32"),
            .init("name", "String"),
            .init("checksum", "String"),
            .init("applied_at", "DateTime64(3, 'UTC')", default: "now64(3)"),
        ],
        engine: .replacing(version: nil, isDeleted: nil),
        orderBy: ["version"],
        partitionBy: nil,
        settings: [],
        comment: "applied schema migrations",
        everyNode: true)

    /// Every migration, oldest first.
    public static let all: [Migration] = [
        Migration(version: 1, name: "datasets: entity operations, workflow snapshots, journeys, portals, organisations",
                  statements: { config in
                      (Tables.datasets + [Tables.organisations]).flatMap { $0.createStatements(config) }
                  }, refreshesOrgViews: true),
        Migration(version: 2, name: "entity_latest: latest state per entity, fed by a materialized view",
                  statements: { config in
                      Tables.entityLatest.createStatements(config) + [entityLatestView(config)]
                  }, refreshesOrgViews: true),
        Migration(version: 3, name: "credentials: generated and revoked data lake credentials",
                  statements: { config in Tables.credentials.createStatements(config) },
                  refreshesOrgViews: false),
    ]

    /// The materialized view that keeps `entity_latest` current (on a cluster: shard-local).
    static func entityLatestView(_ config: SchemaConfiguration) -> String {
        """
        CREATE MATERIALIZED VIEW IF NOT EXISTS \(config.qualified("entity_latest_mv"))\(config.onCluster)
        TO \(config.qualified(Tables.entityLatest.storageName(config))) AS
        SELECT `org_id`, `entity_id`, `schema`, `operation`, `activity_id`, `timestamp` AS `updated_at`, `detail`,
               toUInt64(toUnixTimestamp64Milli(`timestamp`)) AS `version`,
               toUInt8(`operation` = 'deleteEntity') AS `is_deleted`
        FROM \(config.qualified(Tables.entityOperations.storageName(config)))
        """
    }
}
