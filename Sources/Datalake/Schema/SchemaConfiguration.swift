import CHNative

/// Where and how the data lake schema is created.
public struct SchemaConfiguration: Sendable, Hashable {
    /// The database holding every table and view (`datawarehouse` by default; tests use their own).
    public var database: String
    /// The cluster name for the clustered variant (`ON CLUSTER`, `Replicated*`, `Distributed`);
    /// `nil` for a single server.
    public var cluster: String?
    /// On a cluster: `true` for replicas with Keeper (`Replicated*` engines, DDL `ON CLUSTER`),
    /// `false` for shards of one replica each whose DDL our code sends to every node (plain
    /// engines, no `ON CLUSTER`; what runs on the embedded servers, which have no Keeper).
    public var replicated: Bool

    /// Creates a configuration for `database`, optionally on `cluster` (replicated by default).
    public init(database: String = Datalake.database, cluster: String? = nil, replicated: Bool = true) {
        self.database = database
        self.cluster = cluster
        self.replicated = replicated
    }

    /// A sharded cluster of one replica per shard, DDL sent to each node (``replicated`` off).
    public static func sharded(database: String = Datalake.database, cluster: String) -> SchemaConfiguration {
        SchemaConfiguration(database: database, cluster: cluster, replicated: false)
    }

    /// Whether the tables are `Replicated*` with DDL `ON CLUSTER`.
    var usesKeeper: Bool { cluster != nil && replicated }

    /// `database.name`, quoted.
    public func qualified(_ name: String) -> String {
        SQLIdentifier.quote(database) + "." + SQLIdentifier.quote(name)
    }

    /// ` ON CLUSTER name` or the empty string.
    var onCluster: String {
        guard usesKeeper, let cluster else { return "" }
        return " ON CLUSTER " + SQLIdentifier.quote(cluster)
    }
}
