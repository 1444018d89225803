import CHNative

/// The nodes of a named cluster, read from `system.clusters` of the node a connection reaches.
public struct ClusterTopology: Sendable, Hashable {
    /// The cluster's name (`<remote_servers>` entry).
    public let name: String
    /// One node per shard, in shard order (shard 1 first).
    public let nodes: [ClusterNode]

    /// A topology of `nodes` (one per shard, shard order).
    public init(name: String, nodes: [ClusterNode]) {
        self.name = name
        self.nodes = nodes
    }

    /// Number of shards.
    public var shardCount: Int { nodes.count }

    /// The router that computes the shard of an organisation as the `Distributed` tables do.
    public func router() throws -> ShardRouter { try ShardRouter(shardCount: nodes.count) }

    /// The node holding `org`'s rows.
    public func node(of org: String) throws -> ClusterNode { nodes[try router().shard(of: org)] }

    /// Reads cluster `name` from `system.clusters` on `conn`'s server. Throws naming the
    /// clusters that exist when there is none of that name, and refuses clusters with several
    /// replicas per shard (they need Keeper and `ON CLUSTER` DDL, which this layout does not use)
    /// or weighted shards (the client-side routing assumes weight 1).
    public static func discover(_ name: String, on conn: Connection) throws -> ClusterTopology {
        let table = try ResultTable.query("""
            SELECT shard_num, replica_num, host_name, port, shard_weight FROM system.clusters
            WHERE cluster = {c:String} ORDER BY shard_num, replica_num
            """, parameters: ["c": name], on: conn)
        guard !table.rows.isEmpty else {
            let known = (try? ResultTable.query("SELECT DISTINCT cluster FROM system.clusters ORDER BY cluster", on: conn).column("cluster")) ?? []
            throw DatalakeError.notFound("no cluster '\(OrgID.printable(name))' on \(conn.configuration.host):\(conn.configuration.port)"
                + (known.isEmpty ? " (it defines no cluster)" : " (it defines: \(known.joined(separator: ", ")))"))
        }
        var nodes: [ClusterNode] = []
        for row in table.rows {
            guard row.count == 5, let shard = Int(row[0]), let replica = Int(row[1]), let port = Int(row[3]) else {
                throw DatalakeError.serverFailed("unexpected row in system.clusters: \(row)")
            }
            guard replica == 1 else {
                throw DatalakeError.invalidInput("cluster '\(name)' has several replicas in shard \(shard): replicated clusters need Keeper and ON CLUSTER DDL (see `datalake schema print --cluster \(name) --replicated`)")
            }
            guard row[4] == "1" else {
                throw DatalakeError.invalidInput("cluster '\(name)' gives shard \(shard) weight \(row[4]): client-side routing supports equal weights only")
            }
            nodes.append(ClusterNode(shard: shard, replica: replica, host: row[2], port: port))
        }
        guard nodes.map(\.shard) == Array(1...nodes.count) else {
            throw DatalakeError.serverFailed("cluster '\(name)' lists shards \(nodes.map(\.shard)), expected 1...\(nodes.count)")
        }
        return ClusterTopology(name: name, nodes: nodes)
    }
}
