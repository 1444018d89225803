import CHNative
/// What a data lake credential may do — the same rules for every provisioning backend.
///
/// A credential of organisation A may `SELECT` from A's `{A}_*` views and from the shared
/// dataset tables (each behind a row policy `org_id = 'A'`, so it sees only A's rows; the views
/// run with the invoker's rights, so they are filtered too). It may read a short list of harmless
/// system tables (for BI tools' catalogs) and nothing else: no `system.users`, `system.grants`,
/// `system.processes`, `system.query_log`, no `organisations` or `credentials` table. It runs
/// with `readonly = 2` (settings may change within limits, nothing is written or created), under
/// setting constraints, and under a quota per hour.
public struct AccessPolicy: Sendable, Hashable {
    /// Queries per hour and credential.
    public var queriesPerHour: UInt64 = 10_000
    /// Result rows per hour and credential.
    public var resultRowsPerHour: UInt64 = 100_000_000
    /// Seconds of execution time per hour and credential.
    public var executionSecondsPerHour: UInt64 = 3_600
    /// Longest query in seconds (`max_execution_time`; may be lowered, not raised).
    public var maxExecutionTime: UInt64 = 300
    /// Most rows of one result (`max_result_rows`; may be lowered, not raised).
    public var maxResultRows: UInt64 = 50_000_000
    /// Most memory of one query in bytes (`max_memory_usage`; may be lowered, not raised).
    public var maxMemoryUsage: UInt64 = 4 << 30

    /// The documented defaults.
    public init() {}

    /// This policy's hourly budgets split over `nodes` entry nodes (rounded up). ClickHouse
    /// keeps a quota's counters on the server the query came in through ("in distributed query
    /// processing, the accumulated amounts are stored on the requestor server"), and without
    /// Keeper the nodes share nothing, so each node of a cluster gets its share: whichever
    /// nodes a credential uses, an hour holds at most the budget (plus rounding).
    public func perNodeShare(of nodes: Int) -> AccessPolicy {
        let n = UInt64(max(1, nodes))
        var p = self
        p.queriesPerHour = (queriesPerHour + n - 1) / n
        p.resultRowsPerHour = (resultRowsPerHour + n - 1) / n
        p.executionSecondsPerHour = (executionSecondsPerHour + n - 1) / n
        return p
    }

    /// The settings profile every credential uses.
    public static let profileName = "datalake_reader"
    /// The quota template every credential uses (one budget per user name).
    public static let quotaName = "datalake_credential"

    /// Shared dataset tables a credential reads through a row policy.
    public static let datasetTables: [String] =
        (Tables.datasets + [Tables.entityLatest]).map(\.name)

    /// System tables a credential may read (catalogs for BI tools and `SELECT 1`-style probes).
    public static let systemTables = [
        "one", "numbers", "numbers_mt", "zeros", "zeros_mt", "databases", "tables", "columns",
        "functions", "table_functions", "data_type_families", "formats", "time_zones",
        "collations", "build_options", "settings", "current_roles", "enabled_roles",
    ]

    /// The unquoted names in the warehouse database that an organisation's credential reads.
    public static func readableObjects(of org: OrgID) -> [String] {
        OrgViews.suffixes.map { org.rawValue + "_" + $0 } + datasetTables
    }

    /// The unquoted names an organisation's credential reads in `schema`: on a cluster also the
    /// shard-local tables, which the shards read as the credential's user (the inter-server
    /// secret passes the initial user along), under its row policy.
    public static func readableObjects(of org: OrgID, schema: SchemaConfiguration) -> [String] {
        readableObjects(of: org) + (schema.cluster == nil ? [] : filteredTables(schema))
    }

    /// The tables that carry the row policy in `schema`: the dataset tables, or on a cluster
    /// their shard-local tables (the server refuses to apply a row policy of a `Distributed`
    /// table, which reads remotely; reads through it are filtered on every shard instead).
    public static func filteredTables(_ schema: SchemaConfiguration) -> [String] {
        (Tables.datasets + [Tables.entityLatest]).map { $0.storageName(schema) }
    }

    /// The row filter of the dataset tables for `org`.
    public static func rowFilter(of org: OrgID) -> String {
        "`org_id` = " + SQLLiteral.string(org.rawValue)
    }

    /// Profile settings with their constraints: `(name, value, constraint)`.
    var profileSettings: [(name: String, value: String, constraint: Constraint)] {
        [("readonly", "2", .const),
         ("max_execution_time", String(maxExecutionTime), .max(String(maxExecutionTime))),
         ("max_result_rows", String(maxResultRows), .max(String(maxResultRows))),
         ("result_overflow_mode", "throw", .const),
         ("max_memory_usage", String(maxMemoryUsage), .max(String(maxMemoryUsage))),
         ("allow_ddl", "0", .const),
         ("allow_introspection_functions", "0", .const)]
    }

    /// How a profile setting may be changed by the user.
    enum Constraint: Sendable, Hashable {
        case const
        case max(String)
    }
}
