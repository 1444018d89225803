import CHNative

/// A table of the data lake, described once and rendered for a single server or a cluster.
public struct TableSpec: Sendable {
    /// One column: name, ClickHouse type, optional `DEFAULT` expression and comment.
    public struct ColumnSpec: Sendable {
        /// Column name.
        public var name: String
        /// ClickHouse type, as written in `CREATE TABLE`.
        public var type: String
        /// SQL expression of the `DEFAULT` clause, if any.
        public var defaultExpression: String?
        /// The column's `COMMENT` (empty for none).
        public var comment: String

        /// A column `name` of `type`, with an optional default expression and comment.
        public init(_ name: String, _ type: String, default defaultExpression: String? = nil, _ comment: String = "") {
            self.name = name
            self.type = type
            self.defaultExpression = defaultExpression
            self.comment = comment
        }
    }

    /// The MergeTree family member used.
    public enum Engine: Sendable {
        /// `MergeTree`: every inserted row is kept.
        case mergeTree
        /// `ReplacingMergeTree(version[, isDeleted])`.
        case replacing(version: String?, isDeleted: String?)
    }

    /// Table name (without database).
    public var name: String
    /// Columns, in table order.
    public var columns: [ColumnSpec]
    /// Storage engine.
    public var engine: Engine
    /// `ORDER BY` key expressions (also the primary key).
    public var orderBy: [String]
    /// `PARTITION BY` expression, if any.
    public var partitionBy: String?
    /// `SETTINGS` entries, each `name = value`.
    public var settings: [String]
    /// The table's `COMMENT`.
    public var comment: String
    /// On a sharded cluster without Keeper: a small table every node keeps a full copy of
    /// (written to each node by our code, read locally), instead of a sharded one.
    public var everyNode = false

    /// Whether this table is one plain table per node in `config` (no `_local`, no `Distributed`).
    func isPerNode(_ config: SchemaConfiguration) -> Bool {
        config.cluster == nil || (everyNode && !config.replicated)
    }

    /// The engine clause: plain on one server, `Replicated*` with Keeper path and replica macro on a cluster.
    func engineClause(_ config: SchemaConfiguration, localName: String) -> String {
        var args: [String] = []
        if config.usesKeeper {
            args.append(SQLLiteral.string("/clickhouse/tables/{shard}/\(config.database)/\(localName)"))
            args.append(SQLLiteral.string("{replica}"))
        }
        let family: String
        switch engine {
        case .mergeTree:
            family = "MergeTree"
        case .replacing(let version, let isDeleted):
            family = "ReplacingMergeTree"
            if let version { args.append(SQLIdentifier.quote(version)) }
            if let isDeleted { args.append(SQLIdentifier.quote(isDeleted)) }
        }
        let prefix = config.usesKeeper ? "Replicated" : ""
        return "\(prefix)\(family)(\(args.joined(separator: ", ")))"
    }

    /// The name of the table that stores rows: `name` on one server, `name_local` on a cluster.
    func storageName(_ config: SchemaConfiguration) -> String {
        isPerNode(config) ? name : name + "_local"
    }

    /// `CREATE TABLE IF NOT EXISTS` statements: one on a single server; on a cluster the
    /// local table (replicated, or plain on a sharded cluster without Keeper) plus a `Distributed` table sharded by `cityHash64(org_id)`.
    public func createStatements(_ config: SchemaConfiguration) -> [String] {
        let local = storageName(config)
        let cols = columns.map { c in
            var s = "    " + SQLIdentifier.quote(c.name) + " " + c.type
            if let d = c.defaultExpression { s += " DEFAULT " + d }
            if !c.comment.isEmpty { s += " COMMENT " + SQLLiteral.string(c.comment) }
            return s
        }.joined(separator: ",\n")
        var sql = "CREATE TABLE IF NOT EXISTS \(config.qualified(local))\(config.onCluster)\n(\n\(cols)\n)\n"
        sql += "ENGINE = \(engineClause(config, localName: local))\n"
        if let partitionBy { sql += "PARTITION BY \(partitionBy)\n" }
        sql += "ORDER BY (\(orderBy.map(SQLIdentifier.quote).joined(separator: ", ")))"
        // Replicated tables deduplicate inserts by themselves (`replicated_deduplication_window`).
        let effectiveSettings = !config.usesKeeper ? settings : settings.filter { !$0.hasPrefix("non_replicated_") }
        if !effectiveSettings.isEmpty { sql += "\nSETTINGS " + effectiveSettings.joined(separator: ", ") }
        if !comment.isEmpty { sql += "\nCOMMENT " + SQLLiteral.string(comment) }
        guard let cluster = config.cluster, !isPerNode(config) else { return [sql] }
        let shardKey = columns.contains { $0.name == "org_id" } ? "cityHash64(`org_id`)" : "rand()"
        let distributed = "CREATE TABLE IF NOT EXISTS \(config.qualified(name))\(config.onCluster) AS \(config.qualified(local))\n"
            + "ENGINE = Distributed(\(SQLLiteral.string(cluster)), \(SQLLiteral.string(config.database)), \(SQLLiteral.string(local)), \(shardKey))"
        return [sql, distributed]
    }
}
