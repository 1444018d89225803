import CHNative

/// The data lake schema on a sharded cluster without Keeper: every node gets the same tables
/// (`T_local` plus `T` = `Distributed(cluster, db, T_local, cityHash64(org_id))`, the
/// shard-local `entity_latest_mv`, and full copies of `schema_migrations`, `organisations` and
/// `credentials`), sent to each node by this code instead of `ON CLUSTER`.
///
/// Each node records its own migrations. Nodes that disagree (the same version applied with
/// different statements, or a version this code does not know) stop everything with an error
/// naming them; a node that is only behind (it was down) is caught up.
public struct ClusterSchemaManager: Sendable {
    /// The sharded schema configuration (``SchemaConfiguration/sharded(database:cluster:)``).
    public let config: SchemaConfiguration
    /// How to reach the entry node; user, password and timeouts are used for every node.
    public let connection: ConnectionConfiguration

    /// A manager for `database` on `cluster`, entering through `connection`.
    public init(database: String = Datalake.database, cluster: String, connection: ConnectionConfiguration) {
        config = .sharded(database: database, cluster: cluster)
        self.connection = connection
    }

    /// What ``apply()`` did on one node.
    public struct NodeResult: Sendable {
        /// The node.
        public let node: ClusterNode
        /// What the single-node manager did there.
        public let result: SchemaManager.ApplyResult
    }

    /// The cluster's nodes, read from `system.clusters` of the entry node.
    public func topology() throws -> ClusterTopology {
        let conn = try Connection(configuration: connection)
        defer { conn.close() }
        return try ClusterTopology.discover(config.cluster ?? "", on: conn)
    }

    /// Applies the missing migrations on every reachable node, after checking that the nodes
    /// agree. Throws ``ClusterError/nodesUnreachable(_:)`` after migrating the others when some
    /// node could not be reached (running it again when the node is back catches it up).
    @discardableResult
    public func apply() throws -> [NodeResult] {
        let topology = try topology()
        let (connections, unreachable) = ClusterConnections.open(topology.nodes, base: connection)
        defer { for (_, c) in connections { c.close() } }
        var recorded: [(ClusterNode, [UInt32: String])] = []
        for (node, conn) in connections {
            recorded.append((node, try ClusterError.on(node) { try recordedMigrations(on: conn) }))
        }
        try checkAgreement(recorded)
        let manager = SchemaManager(config: config)
        var results: [NodeResult] = []
        for (node, conn) in connections {
            results.append(NodeResult(node: node, result: try ClusterError.on(node) { try manager.apply(on: conn) }))
        }
        if !unreachable.isEmpty { throw ClusterError.nodesUnreachable(unreachable) }
        return results
    }

    /// Registers `org` and creates its views on every node. Nothing is written unless every
    /// node answers; a failure part-way names the node, and running it again completes it.
    public func addOrganisation(_ org: OrgID, name: String) throws -> ClusterTopology {
        let topology = try topology()
        let (connections, unreachable) = ClusterConnections.open(topology.nodes, base: connection)
        defer { for (_, c) in connections { c.close() } }
        if !unreachable.isEmpty { throw ClusterError.nodesUnreachable(unreachable) }
        let manager = SchemaManager(config: config)
        for (node, conn) in connections {
            try ClusterError.on(node) { try manager.addOrganisation(org, name: name, on: conn) }
        }
        return topology
    }

    /// The migrations a node recorded, version → checksum (empty before the first apply).
    func recordedMigrations(on conn: Connection) throws -> [UInt32: String] {
        let exists = try ResultTable.query(
            "SELECT count() FROM system.tables WHERE database = {db:String} AND name = 'schema_migrations'",
            parameters: ["db": config.database], on: conn)
        guard exists.rows.first?.first == "1" else { return [:] }
        var out: [UInt32: String] = [:]
        for block in try conn.queryAll("SELECT version, checksum FROM \(config.qualified("schema_migrations")) FINAL") {
            let versions = try block.column(named: "version", as: FixedWidthColumn<UInt32>.self)
            let sums = try block.column(named: "checksum", as: StringColumn.self)
            for i in 0..<block.rowCount { out[versions.values[i]] = sums.string(at: i) }
        }
        return out
    }

    /// Throws ``ClusterError/nodesDisagree(_:)`` when a node knows a migration this code does
    /// not, or two nodes recorded one version with different checksums.
    func checkAgreement(_ recorded: [(ClusterNode, [UInt32: String])]) throws {
        let known = Set(Migrations.all.map(\.version))
        for (node, versions) in recorded {
            if let unknown = versions.keys.filter({ !known.contains($0) }).min() {
                throw ClusterError.nodesDisagree("node \(node) has migration \(unknown), which this datalake does not know (it is newer than this program)")
            }
        }
        for version in Migrations.all.map(\.version) {
            let sums = recorded.compactMap { node, versions in versions[version].map { (node, $0) } }
            if let first = sums.first, let other = sums.first(where: { $0.1 != first.1 }) {
                throw ClusterError.nodesDisagree("nodes disagree on migration \(version): node \(first.0) recorded checksum \(first.1), node \(other.0) \(other.1)")
            }
        }
    }
}
